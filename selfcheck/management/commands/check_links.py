"""
Follow every link and attachment of one unit's published publications; record the broken ones.

    manage.py check_links                  # the platform's only unit
    manage.py check_links --unit CODE      # one unit (统一社会信用代码 or slug)
    manage.py check_links --all-units      # every live unit in turn (the daily cron)

For a daily cron job: the self-check (自查问题清单) of each unit lists what its last run found.
Exits 1 when something is broken, 0 when everything answered, 2 on a wrong option.
"""

import sys

from django.core.management.base import BaseCommand

from selfcheck import links
from units.commands import add_unit_arguments, names_units, units_from_options


class Command(BaseCommand):
    help = (
        "检查发布单位已发布信息正文中的链接和附件能否打开，记录失效的链接；有失效链接时退出码为 1。"
    )

    def add_arguments(self, parser):
        add_unit_arguments(parser)
        parser.add_argument("--timeout", type=float, default=None, help="外部链接超时秒数。")
        parser.add_argument(
            "--delay", type=float, default=None, help="对同一外部网站两次请求之间的间隔秒数。"
        )

    def handle(self, *args, timeout=None, delay=None, **options):
        units = units_from_options(options)
        named = names_units(options)
        # One checker for every unit: a URL several units link is followed once per run.
        checker = links.Checker(timeout=timeout, delay=delay)
        found = 0
        for unit in units:
            before = checker.checked
            broken = links.find_broken(checker, unit)
            links.record(broken, unit)
            found += len(broken)
            who = f"{unit.name}：" if named else ""
            self.stdout.write(
                f"{who}已检查 {checker.checked - before} 个链接和附件，失效 {len(broken)} 个。"
            )
            for item in broken:
                self.stdout.write(f"  信息 #{item.publication_id}：{item.url} — {item.problem}")
        if found:
            sys.exit(1)
