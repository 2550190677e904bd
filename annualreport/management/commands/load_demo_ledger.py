"""
Load this year's demo ledger, and last year's demo annual report with the ledger its section 六
reports on (all marked 演示数据).

    python manage.py load_demo_ledger           # once; later runs change nothing
    python manage.py load_demo_ledger --delete  # remove them (and nothing else)

Never load them into a production portal. They go into the first unit unless --unit (or
--all-units) names others; --delete without either removes every unit's.
"""

from django.core.management.base import BaseCommand

from annualreport import demo as report_demo
from ledger import demo as ledger_demo
from units.commands import add_unit_arguments, named_units


class Command(BaseCommand):
    help = (
        "载入演示用的工作台账（今年）和上一年的工作台账、年度报告；--delete 删除；"
        "--unit 指定单位（默认第一个单位），--all-units 每个单位各一套。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="只删除演示台账和演示年报。")
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, delete=False, **options):
        for unit in named_units(options) or [None]:
            prefix = f"{unit.name}：" if unit is not None else ""
            if delete:
                ledgers, reports = ledger_demo.delete(unit), report_demo.delete(unit)
                self.stdout.write(
                    f"{prefix}已删除演示台账 {ledgers} 个、演示年报 {reports} 份；正式数据未受影响。"
                )
                continue
            ledger, report = ledger_demo.load(unit=unit), report_demo.load(unit=unit)
            parts = [
                f"已创建演示台账：{ledger.title}" if ledger else "今年已有台账，未创建演示台账",
                f"已创建演示年报：{report.title}" if report else "上一年已有年报，未创建演示年报",
            ]
            self.stdout.write(prefix + "；".join(parts) + "。")
