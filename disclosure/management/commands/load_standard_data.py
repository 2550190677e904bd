"""
Load the portal's standard data: the 13 channels, the 社会救助 and 养老服务 catalogues and the
bureau's 75-row column table.

    python manage.py load_standard_data              # first load; later runs keep admin edits
    python manage.py load_standard_data --overwrite  # reset rows to the fixtures, restore deleted
    python manage.py load_standard_data --unit CODE  # one unit of several (统一社会信用代码)
    python manage.py load_standard_data --all-units  # every unit, each its level's rows

Safe to run on every start: everything is matched on natural keys, in one transaction. Items and
columns deleted (or renamed) in the admin are reported, not recreated, unless --overwrite.
"""

from django.core.management.base import BaseCommand, CommandError

from columns.table import ColumnTableError
from disclosure.standard_data import StandardDataError, load_standard_data
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "载入标准数据：13 种公开渠道、社会救助和养老服务标准目录、栏目表（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="把已有的领域、事项和栏目重置为基础数据（默认保留后台修改）。",
        )
        add_unit_arguments(parser)

    def handle(self, *args, overwrite=False, **options):
        units = units_from_options(options)
        for unit in units:
            if len(units) > 1:
                self.stdout.write(f"【{unit.name}】（{unit.get_level_display()}）")
            try:
                summary = load_standard_data(overwrite=overwrite, unit=unit)
            except (StandardDataError, ColumnTableError) as error:
                raise CommandError(f"{unit.name}的标准数据未载入：\n{error}") from error
            self.report(summary, overwrite)
        self.stdout.write(self.style.SUCCESS("标准数据已载入。"))

    def report(self, summary, overwrite):
        lines = [
            f"公开渠道：{summary['channels']}",
            f"科室：新建 {summary['offices_created']}",
            f"栏目：{summary['columns']}；新建分组栏目 {summary['grouping_columns_created']}",
            f"领域：{summary['domains']}",
            f"公开事项：{summary['items']}",
            _calendar_line(summary),
        ]
        for line in lines:
            self.stdout.write(line)
        if summary["items"].missing:
            self.stdout.write(
                f"缺少 {summary['items'].missing} 个标准事项（可能已在后台删除），未重新创建；"
                "如需恢复请使用 --overwrite"
            )
        if summary["columns"].missing:
            self.stdout.write(
                f"缺少 {summary['columns'].missing} 个栏目（可能已在后台删除），未重新创建；"
                "如需恢复请使用 --overwrite"
            )
        if not overwrite and (summary["items"].kept or summary["columns"].kept):
            self.stdout.write("已修改的内容保持不变；如需恢复为基础数据，请加 --overwrite。")


def _calendar_line(summary):
    written, kept = summary["calendar_written"], summary["calendar_kept"]
    # The migrations already wrote the package's years on a new database: say so, not "0 years".
    if written:
        line = f"节假日安排：软件包数据写入 {len(written)} 年"
    else:
        line = "节假日安排：已与软件包数据一致，无需写入"
    if kept:
        line += f"；人工录入的 {len(kept)} 年（{'、'.join(map(str, kept))}）保持不变"
    return line
