"""
Print the self-check list (自查问题清单) for a daily cron job, one unit at a time.

    manage.py selfcheck                    # the platform's only unit
    manage.py selfcheck --unit CODE        # one unit (统一社会信用代码 or slug)
    manage.py selfcheck --all-units        # every live unit, each under its name

Exits 0 with "未发现问题。" when the units checked are clean and 1 when any has problems, so cron
(or a monitoring check) can mail the list only when there is something to fix. A wrong option
exits 2. A run for today is kept as the unit's last check, which its parent unit's page lists.
"""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selfcheck import rules, summaries
from units.commands import USAGE_ERROR, add_unit_arguments, names_units, units_from_options


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"日期“{text}”无效：请按 YYYY-MM-DD 填写，如 2026-03-31。", returncode=USAGE_ERROR
        ) from None


class Command(BaseCommand):
    help = "列出发布单位的政务公开自查问题（栏目更新、事项要素、发布时限、文件有效性）；有问题时退出码为 1。"

    def add_arguments(self, parser):
        add_unit_arguments(parser)
        parser.add_argument("--office", default="", help="只列出该责任科室的问题（科室名称）。")
        parser.add_argument("--date", default="", help="按这一天检查（YYYY-MM-DD），默认今天。")

    def handle(self, *args, office="", date="", **options):
        today = parse_date(date) if date else timezone.localdate()
        units = units_from_options(options)
        if not units:
            self.stdout.write("没有已上线的发布单位。")
            return
        # Output for a named unit (or each of all) says whose list it is.
        named = names_units(options)
        checked, found = 0, False
        for unit in units:
            choices = rules.office_choices(unit)
            if office and office not in choices:
                if len(units) > 1:
                    continue  # an office of some units only: the others have nothing under it
                raise CommandError(
                    f"{unit.name}没有名为“{office}”的科室。可用的责任科室：{'、'.join(choices)}。",
                    returncode=USAGE_ERROR,
                )
            if checked:
                self.stdout.write("")
            checked += 1
            found |= self.list_unit(unit, today, office, choices, named)
        if office and units and not checked:
            raise CommandError(f"没有哪个单位有名为“{office}”的科室。", returncode=USAGE_ERROR)
        if found:
            sys.exit(1)

    def list_unit(self, unit, today, office, choices, named):
        """Print `unit`'s list; return whether it has problems."""
        report = rules.run(today=today, office=office, unit=unit)
        summaries.record(report)
        problems = report.problems
        scope = f"（{office}）" if office else ""
        who = unit.name if named else ""
        self.stdout.write(f"{who}政务公开自查问题清单{scope}，检查日期 {today.isoformat()}")
        self.stdout.write(f"国家政府网站抽查（单项否决，全站）：{report.verdict.label}")
        for criterion in report.verdict.criteria:
            self.stdout.write(
                f"  {criterion.label}：{criterion.count}（{criterion.threshold}）— {criterion.result}"
            )
        if not problems:
            self.stdout.write("未发现问题。")
            return False
        for label, group in rules.group_by_office(problems, choices):
            self.stdout.write("")
            self.stdout.write(f"【{label}】{len(group)} 个问题")
            for problem in group:
                owner = f"（{problem.owner_note}）" if problem.owner_note else ""
                line = f"  {problem.rule_label} — {problem.subject}{owner}：{problem.detail_text}"
                self.stdout.write(line)
        counts = "，".join(
            f"{label} {count}" for label, count in rules.count_by_rule(problems) if count
        )
        self.stdout.write("")
        self.stdout.write(f"共 {len(problems)} 个问题：{counts}。")
        return True
