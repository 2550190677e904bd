"""
Follow every link and attachment of the published publications; record the broken ones.

For a daily cron job: the self-check (自查问题清单) lists what the last run found. Exits 1 when
something is broken, 0 when everything answered.
"""

import sys

from django.core.management.base import BaseCommand

from selfcheck import links


class Command(BaseCommand):
    help = "检查已发布信息正文中的链接和附件能否打开，记录失效的链接；有失效链接时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=None, help="外部链接超时秒数。")
        parser.add_argument(
            "--delay", type=float, default=None, help="对同一外部网站两次请求之间的间隔秒数。"
        )

    def handle(self, *args, timeout=None, delay=None, **options):
        checker = links.Checker(timeout=timeout, delay=delay)
        broken = links.find_broken(checker)
        links.record(broken)
        self.stdout.write(f"已检查 {checker.checked} 个链接和附件，失效 {len(broken)} 个。")
        for item in broken:
            self.stdout.write(f"  信息 #{item.publication_id}：{item.url} — {item.problem}")
        if broken:
            sys.exit(1)
