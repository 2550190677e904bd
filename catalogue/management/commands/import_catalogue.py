"""
Import one domain's catalogue from an xlsx workbook in the standard template.

    python manage.py import_catalogue FILE --domain 社会救助 [--dry-run] [--publish] [--delete-missing]
        [--unit CODE]   # the unit whose domain it is; needed when the platform has several

The same engine as the admin's import: it prints the preview's report (counts, new and changed
rows with the changed fields, items the file lacks, the reader's notes) and writes everything in
one transaction, or nothing. Any refusal exits non-zero with the Chinese message. It runs as the
operator: no permission checks, and no preview snapshot, since the preview and the writes share
the transaction. Columns the file lacks leave those fields of existing items unchanged.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.importing import ImportRefused, find_domain, import_catalogue, report_lines
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "从标准目录格式的 xlsx 工作簿导入一个领域的公开事项。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="xlsx 文件路径")
        parser.add_argument("--domain", required=True, help="领域名称或网址标识，如 社会救助")
        parser.add_argument("--dry-run", action="store_true", help="只显示将要发生的变化，不写入")
        parser.add_argument(
            "--publish", action="store_true", help="新增的事项直接发布（默认导入为草稿）"
        )
        parser.add_argument(
            "--delete-missing",
            action="store_true",
            help="删除该领域中文件里没有的事项（默认保留）",
        )
        add_unit_arguments(parser, all_units=False)

    def handle(self, *args, file, domain, dry_run, publish, delete_missing, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        [unit] = units_from_options(options)
        try:
            domain = find_domain(domain, unit)
            result = import_catalogue(
                path,
                domain,
                dry_run=dry_run,
                publish=publish,
                delete_missing=delete_missing,
            )
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        lines = report_lines(result)
        if result.failed:
            raise CommandError("\n".join(lines))
        for line in lines:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("试运行：未写入任何数据。"))
        else:
            self.stdout.write(self.style.SUCCESS("导入完成。"))
