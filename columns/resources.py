"""
The column table (栏目表) as a django-import-export resource.

The Column tree is synced by columns.table.apply_rows, which matches rows on their numbers and
paths and reports per row what it did; this resource runs it inside import-export's import_data,
so the admin's upload → preview (dry run) → confirm views work unchanged, and turns its results
into an import-export Result for the preview.
"""

import tablib
from django.core import signing
from import_export import resources
from import_export.results import Result, RowResult

from columns.models import Column
from columns.sheet_reader import read_column_workbook
from columns.table import CHANGED, KEPT, NEW, ColumnTableError, apply_rows
from privacy.guard import check_workbook
from spreadsheet.admin import ReaderXlsxFormat
from spreadsheet.workbook import open_workbook, read_or_refuse

UNREADABLE_FILE = (
    "无法读取该文件。请确认上传的是栏目表 Excel 工作簿（.xlsx），且文件没有损坏或加密。"
)


SNAPSHOT_SALT = "columns.import.snapshot"
BAD_SNAPSHOT = "确认信息无效或已过期，请重新上传预览。"


class ColumnImportRefused(Exception):
    """The file cannot be read as a column table; the message is Chinese and safe to show."""


def read_column_dataset(file):
    """Read a column-table workbook into a Dataset (`first_line` = sheet row of the first row)."""
    workbook = read_or_refuse(
        open_workbook, file, refused=ColumnImportRefused, unreadable=UNREADABLE_FILE
    )
    try:  # one opening for the reader and the privacy check
        table = read_or_refuse(
            read_column_workbook, workbook, refused=ColumnImportRefused, unreadable=UNREADABLE_FILE
        )
        check_workbook(workbook, refused=ColumnImportRefused)  # names are typed by hand
    finally:
        workbook.close()
    dataset = tablib.Dataset(*[tuple(row) for row in table.rows], title=table.sheet)
    dataset.first_line = table.first_line
    return dataset


class ColumnTableXlsxFormat(ReaderXlsxFormat):
    """The admin's upload format for the column table: read by our reader, not tablib's."""

    read = staticmethod(read_column_dataset)


IMPORT_TYPES = {
    NEW: RowResult.IMPORT_TYPE_NEW,
    CHANGED: RowResult.IMPORT_TYPE_UPDATE,
}


class ColumnRowResult(RowResult):
    """One table row's outcome, carrying columns.table's result for the preview."""

    def __init__(self, table_result=None):
        super().__init__()
        self.table_result = table_result
        if table_result is not None:
            self.import_type = IMPORT_TYPES.get(table_result.status, RowResult.IMPORT_TYPE_SKIP)
            self.line = table_result.line
            self.number = table_result.number
            self.path_label = " › ".join(table_result.path)
            self.status = table_result.status
            self.status_label = table_result.status_label
            self.changes_label = "、".join(str(change) for change in table_result.changes)
            self.new_parents = list(table_result.new_parents)
            self.kept = table_result.status == KEPT
            if table_result.column is not None and table_result.column.pk is not None:
                self.add_instance_info(table_result.column)
                self.instance = table_result.column


class ColumnImportResult(Result):
    """The rows' outcomes, the table's errors in Chinese, and counts for the messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.table_errors = []
        self.sheet = ""
        self.dry_run = True
        self.unit_name = ""
        # The preview's columns, signed: the confirm is refused if any changed since.
        self.snapshot = ""

    def has_validation_errors(self):
        return bool(self.table_errors) or super().has_validation_errors()

    @property
    def failed(self):
        return self.has_errors() or self.has_validation_errors()

    @property
    def error_messages(self):
        return [*self.table_errors, *(f"导入失败：{e.error}" for e in self.base_errors)]

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self):
        parts = [f"新增 {self.count(NEW)} 个", f"更新 {self.count(CHANGED)} 个"]
        parts.append(f"未变 {self.count('unchanged')} 个")
        if self.count(KEPT):
            parts.append(f"与表格不同但保留原值 {self.count(KEPT)} 个")
        return "，".join(parts) + "。"


class ColumnTableResource(resources.ModelResource):
    """
    Import a column table dataset: one row per table row, levels in order, no header names.

    Constructed with `update_existing` (False keeps columns edited in the admin as they are),
    the `unit` whose table it is (its columns and offices only) and, on the admin's confirm, the
    preview's signed `snapshot`.
    """

    class Meta:
        model = Column
        fields = ()
        name = "栏目表"

    def __init__(self, update_existing=True, snapshot=None, unit=None, **kwargs):
        super().__init__(**kwargs)
        self.update_existing = update_existing
        self.snapshot = snapshot
        self.unit = unit

    @classmethod
    def get_result_class(cls):
        return ColumnImportResult

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Apply the whole table in one transaction (columns.table rolls back a dry run)."""
        result = self.get_result_class()()
        result.total_rows = len(dataset)
        result.sheet = dataset.title or ""
        result.dry_run = dry_run
        result.unit_name = self.unit.name if self.unit is not None else ""
        first_line = getattr(dataset, "first_line", 1)
        try:
            table_results = apply_rows(
                list(dataset),
                first_line=first_line,
                update_existing=self.update_existing,
                dry_run=dry_run,
                expected_state=self._expected_state(),
                unit=self.unit,
            )
        except ColumnTableError as exc:
            result.table_errors = exc.errors
            if raise_errors:
                raise
            return result
        result.snapshot = signing.dumps({"state": table_results.state}, salt=SNAPSHOT_SALT)
        for table_result in table_results:
            row_result = ColumnRowResult(table_result)
            result.increment_row_result_total(row_result)
            result.append_row_result(row_result)
        return result

    def _expected_state(self):
        if self.snapshot is None:
            return None
        try:
            return str(signing.loads(self.snapshot, salt=SNAPSHOT_SALT)["state"])
        except (signing.BadSignature, KeyError, TypeError) as exc:
            raise ColumnImportRefused(BAD_SNAPSHOT) from exc
