"""Write table 三 of a year's requests, for the annual report and for checking."""

import sys

from django.core.management.base import BaseCommand, CommandError

from inforequests import exporting, statistics
from units.models import Unit


class Command(BaseCommand):
    help = "导出某年度依申请公开统计（年度报告表三），格式为 xlsx 或 json。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2026")
        parser.add_argument(
            "--format", choices=["xlsx", "json"], default="json", help="xlsx 或 json"
        )
        parser.add_argument("-o", "--output", help="输出文件；省略时 json 写到标准输出")

    def handle(self, *args, year, format, output, **options):
        if not 1990 <= year <= 9999:
            raise CommandError(f"年度“{year}”不正确，请填写四位年份，如 2026。")
        table = statistics.table_three(year)
        if format == "json":
            data = exporting.table_json(table).encode()
        else:
            if not output:
                raise CommandError("xlsx 格式请用 -o 指定输出文件。")
            data = exporting.table_xlsx(table, Unit.objects.home().name)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stdout.write(f"已写入 {output}")
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode())
