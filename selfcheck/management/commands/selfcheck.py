"""
Print the self-check list (自查问题清单) for a daily cron job.

Exits 0 with "未发现问题。" when the portal is clean and 1 when it has problems, so cron (or a
monitoring check) can mail the list only when there is something to fix. A wrong option exits 2.
"""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selfcheck import rules

USAGE_ERROR = 2


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"日期“{text}”无效：请按 YYYY-MM-DD 填写，如 2026-03-31。", returncode=USAGE_ERROR
        ) from None


class Command(BaseCommand):
    help = (
        "列出本站政务公开自查问题（栏目更新、事项要素、发布时限、文件有效性）；有问题时退出码为 1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", default="", help="只列出该责任科室的问题（科室名称）。")
        parser.add_argument("--date", default="", help="按这一天检查（YYYY-MM-DD），默认今天。")

    def handle(self, *args, office="", date="", **options):
        today = parse_date(date) if date else timezone.localdate()
        choices = rules.office_choices()
        if office and office not in choices:
            raise CommandError(
                f"没有名为“{office}”的科室。可用的责任科室：{'、'.join(choices)}。",
                returncode=USAGE_ERROR,
            )
        report = rules.run(today=today, office=office)
        problems = report.problems
        scope = f"（{office}）" if office else ""
        self.stdout.write(f"政务公开自查问题清单{scope}，检查日期 {today.isoformat()}")
        self.stdout.write(f"国家政府网站抽查（单项否决，全站）：{report.verdict.label}")
        for criterion in report.verdict.criteria:
            self.stdout.write(
                f"  {criterion.label}：{criterion.count}（{criterion.threshold}）— {criterion.result}"
            )
        if not problems:
            self.stdout.write("未发现问题。")
            return
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
        sys.exit(1)
