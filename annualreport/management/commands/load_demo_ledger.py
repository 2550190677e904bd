"""
Load this year's demo ledger, and last year's demo annual report with the ledger its section 六
reports on (all marked 演示数据).

    python manage.py load_demo_ledger           # once; later runs change nothing
    python manage.py load_demo_ledger --delete  # remove them (and nothing else)

Never load them into a production portal.
"""

from django.core.management.base import BaseCommand

from annualreport import demo as report_demo
from ledger import demo as ledger_demo


class Command(BaseCommand):
    help = "载入演示用的工作台账（今年）和上一年的工作台账、年度报告；--delete 删除。"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="只删除演示台账和演示年报。")

    def handle(self, *args, delete=False, **options):
        if delete:
            ledgers, reports = ledger_demo.delete(), report_demo.delete()
            self.stdout.write(
                f"已删除演示台账 {ledgers} 个、演示年报 {reports} 份；正式数据未受影响。"
            )
            return
        ledger, report = ledger_demo.load(), report_demo.load()
        parts = [
            f"已创建演示台账：{ledger.title}" if ledger else "今年已有台账，未创建演示台账",
            f"已创建演示年报：{report.title}" if report else "上一年已有年报，未创建演示年报",
        ]
        self.stdout.write("；".join(parts) + "。")
