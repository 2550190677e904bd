from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ledger import importing
from ledger.reading import read_ledger_file
from spreadsheet.errors import SpreadsheetError
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "导入工作台账（xlsx 或 docx）到 --unit 指定单位的台账：--dry-run 只显示将发生的变化，不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, required=True, help="台账年度，如 2026")
        parser.add_argument("--title", default="", help="台账名称（新建台账时使用）")
        parser.add_argument("--dry-run", action="store_true")
        add_unit_arguments(parser, all_units=False)

    def handle(self, *args, file, year, title, dry_run, **options):
        (unit,) = units_from_options(options)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            read = read_ledger_file(path.read_bytes(), name=path.name)
            plan, _ = importing.import_file(read, year, unit, dry_run=dry_run, title=title)
        except SpreadsheetError as exc:
            raise CommandError(f"{path.name}：{exc}") from exc
        except importing.ImportRefused as exc:
            raise CommandError(f"{path.name}：{exc}") from exc
        for line in plan.lines:
            if line.kind != "unchanged":
                fields = f"（{'、'.join(line.changes)}）" if line.changes else ""
                self.stdout.write(f"{line.kind_label} {line.number} {line.text[:30]}{fields}")
        for warning in plan.warnings:
            self.stdout.write(f"提示：{warning}")
        if plan.unmatched:
            self.stdout.write(f"待对照的科室名称：{'、'.join(plan.unmatched)}")
        prefix = "（试运行，未写入）" if dry_run else ""
        if not plan.has_changes:
            self.stdout.write(f"{prefix}无变化：{plan.summary()}")
        else:
            self.stdout.write(f"{prefix}{plan.summary()}")
