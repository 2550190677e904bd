import sys

from django.core.management.base import BaseCommand, CommandError

from ledger import exporting
from ledger.models import Ledger
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "导出 --unit 指定单位的工作台账：xlsx（省厅台账格式，含推进状态）或 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=("xlsx", "json"), default="xlsx")
        parser.add_argument("-o", "--output", default="", help="输出文件；省略时写到标准输出")
        add_unit_arguments(parser, all_units=False)

    def handle(self, *args, year, format, output, **options):
        (unit,) = units_from_options(options)
        ledger = Ledger.objects.filter(unit=unit, year=year).first()
        if ledger is None:
            raise CommandError(f"{unit.name}没有 {year} 年的工作台账")
        data = exporting.to_xlsx(ledger) if format == "xlsx" else exporting.to_json(ledger)
        if output:
            with open(output, "wb") as fh:
                fh.write(data)
            self.stdout.write(f"已导出 {ledger.title}：{output}")
        else:
            sys.stdout.buffer.write(data)
