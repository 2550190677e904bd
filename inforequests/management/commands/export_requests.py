"""Write table 三 of a year's requests, for the annual report and for checking: per unit."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inforequests import exporting, statistics
from inforequests.models import InfoRequest
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = (
        "导出某年度依申请公开统计（年度报告表三），格式为 xlsx 或 json；"
        "--unit 指定单位，--all-units 逐个单位导出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="年度，如 2026")
        parser.add_argument(
            "--format", choices=["xlsx", "json"], default="json", help="xlsx 或 json"
        )
        parser.add_argument(
            "-o",
            "--output",
            help="输出文件；省略时 json 写到标准输出。--all-units 时每个单位一个文件，"
            "文件名后加单位的统一社会信用代码。",
        )
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, year, format, output, **options):
        if not 1990 <= year <= 9999:
            raise CommandError(f"年度“{year}”不正确，请填写四位年份，如 2026。")
        if format == "xlsx" and not output:
            raise CommandError("xlsx 格式请用 -o 指定输出文件。")
        units = units_from_options(options)
        several = bool(options.get("all_units"))
        tables = {
            unit: statistics.table_three(year, InfoRequest.objects.filter(unit=unit))
            for unit in units
        }
        if format == "json" and not output:
            data = {unit.code: json.loads(exporting.table_json(t)) for unit, t in tables.items()}
            text = json.dumps(
                data if several else data[units[0].code], ensure_ascii=False, indent=2
            )
            sys.stdout.flush()
            self.stdout.write(text)
            return
        for unit, table in tables.items():
            if format == "json":
                data = exporting.table_json(table).encode()
            else:
                data = exporting.table_xlsx(table, unit.name)
            target = Path(output)
            if several:
                target = target.with_name(f"{target.stem}-{unit.code}{target.suffix}")
            target.write_bytes(data)
            self.stdout.write(f"{unit.name}：已写入 {target}")
