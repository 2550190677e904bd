"""
Import the bureau's column table (栏目表) from an xlsx workbook.

    python manage.py import_columns FILE [--dry-run] [--keep-existing] [--unit CODE]

The same engine as the admin's import (columns.table.apply_rows through the column-table
resource): it prints each new or changed row and writes the whole table in one transaction, or
nothing. Any refusal exits non-zero with the Chinese message.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from columns.resources import ColumnImportRefused, ColumnTableResource, read_column_dataset
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "从 xlsx 栏目表导入网站栏目（序号、一级栏目、二级栏目、三级栏目、更新频率、负责科室）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="xlsx 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只显示将要发生的变化，不写入")
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="已有栏目保持原样（包括在后台修改过的），只新增新栏目",
        )
        add_unit_arguments(parser, all_units=False)

    def handle(self, *args, file, dry_run, keep_existing, **options):
        [unit] = units_from_options(options)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            dataset = read_column_dataset(path)
        except ColumnImportRefused as exc:
            raise CommandError(str(exc)) from exc
        resource = ColumnTableResource(update_existing=not keep_existing, unit=unit)
        result = resource.import_data(dataset, dry_run=dry_run)
        if result.failed:
            raise CommandError(
                "栏目表中有错误，未导入任何数据：\n" + "\n".join(result.error_messages)
            )
        self.stdout.write(result.summary)
        for row in result.rows:
            if row.status != "unchanged":
                line = f"  第 {row.line} 行 序号 {row.number} {row.path_label}：{row.status_label}"
                if row.changes_label:
                    line += f"（{row.changes_label}）"
                self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("试运行：未写入任何数据。"))
        else:
            self.stdout.write(self.style.SUCCESS("导入完成。"))
