"""
The catalogue import engine: the admin's upload and the import_catalogue command both call it.

    read_dataset(file)  -> a tablib Dataset, one column per record key (the workbook reader's
                           records, plus the sheet row of each)
    run_import(dataset, domain, ...) -> CatalogueImportResult: DisclosureItemResource.import_data
                           in one transaction, with the report (new / changed / unchanged rows
                           and their changed fields, the reader's notes, the items of the domain
                           that the file lacks)

Any problem with the file itself becomes ImportRefused with a Chinese message; row problems stay
in the result, and then nothing is written. Record keys the file has no column for travel as
`dataset.absent`: existing items keep those fields, new items take the reader's defaults.
"""

import gc

import tablib
from import_export.signals import post_import

from catalogue import exporting
from catalogue.models import Channel, DisclosureItem, Domain
from catalogue.records import RECORD_KEYS
from catalogue.resources import (
    ROW_HEADER,
    DisclosureItemResource,
    ImportRefused,
    collector_paused,
    record_to_row,
)
from catalogue.sheet_reader import read_catalogue_workbook
from privacy.guard import WorkbookScan
from spreadsheet.admin import ReaderXlsxFormat
from spreadsheet.workbook import open_workbook, read_or_refuse

UNREADABLE_FILE = (
    "无法读取该文件。请确认上传的是标准目录格式的 Excel 工作簿（.xlsx），且文件没有损坏或加密。"
)


def read_dataset(file):
    """
    Read a catalogue workbook into a Dataset; `file` is a path or a binary file object.

    The dataset carries the reader's notes (`dataset.notes`), the record keys the sheet has no
    column for (`dataset.absent`) and the sheet's name (`title`).
    """
    with collector_paused():
        dataset = _read_dataset(file)
        # The closed workbook is a reference cycle (workbook and sheets) holding the file's
        # bytes: free it now rather than after the import. A few milliseconds: only the young
        # generation, what the read made, is walked.
        gc.collect(0)
    return dataset


def _read_dataset(file):
    known_channels = list(Channel.objects.order_by("order", "id").values_list("name", flat=True))
    scan = WorkbookScan()  # a citizen's ID in any cell of any sheet refuses the file
    workbook = read_or_refuse(
        open_workbook, file, refused=ImportRefused, unreadable=UNREADABLE_FILE
    )
    try:  # one opening and one parse for the reader and the privacy scan
        sheet = read_or_refuse(
            read_catalogue_workbook,
            workbook,
            refused=ImportRefused,
            unreadable=UNREADABLE_FILE,
            known_channels=known_channels,
            scan=scan,
        )
    finally:
        workbook.close()
    scan.refuse(ImportRefused)
    if not sheet.rows:
        raise ImportRefused(f"工作表“{sheet.sheet}”中没有找到任何公开事项。")
    return records_dataset(
        [(row.row, row.record) for row in sheet.rows],
        notes=sheet.notes,
        title=sheet.sheet,
        absent=sheet.absent,
    )


def records_dataset(numbered_records, *, notes=(), title="", absent=()):
    """A dataset from (sheet row, record) pairs: what read_dataset hands the resource."""
    dataset = tablib.Dataset(headers=[ROW_HEADER, *RECORD_KEYS], title=str(title or ""))
    for row_number, record in numbered_records:
        dataset.append([row_number, *record_to_row(record)])
    dataset.notes = [str(note) for note in notes]
    dataset.absent = set(absent)
    return dataset


def run_import(dataset, domain, *, dry_run=True, publish=False, delete_missing=False, user=None):
    """
    Import `dataset` into `domain` in one transaction and return the result with its report.

    A dry run (the preview) rolls everything back; so does any row error. The preview and the
    writes run in one transaction here, so no snapshot is needed (the admin's confirm has one).
    """
    resource = DisclosureItemResource(domain=domain, publish=publish, delete_missing=delete_missing)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        user=user,
    )
    if not dry_run:
        # Bulk writes send no save signals: say that an import was written, as the admin does.
        post_import.send(sender=DisclosureItemResource, model=DisclosureItem)
    return result


def import_catalogue(file, domain, **options):
    """Read `file` and import it into `domain`: the whole engine in one call."""
    return run_import(read_dataset(file), domain, **options)


def find_domain(value, unit=None):
    """`unit`'s domain whose Chinese name or slug is `value`; ImportRefused when there is none."""
    domain = exporting.find_domain(value, unit)
    if domain is None:
        domains = Domain.objects.filter(unit=unit) if unit is not None else Domain.objects.all()
        names = "、".join(domains.values_list("name", flat=True)) or "（暂无领域）"
        raise ImportRefused(f"找不到领域“{value}”。可用的领域：{names}。")
    return domain


def report_lines(result):
    """The report as lines of Chinese text, for the command line."""
    lines = [f"领域：{result.domain}" + (f"；工作表：{result.sheet}" if result.sheet else "")]
    if result.failed:
        lines.append("文件中有错误，未导入任何数据：")
        lines.extend(f"  {message}" for message in result.error_messages)
        return lines
    lines.append(result.summary)
    for row in result.rows:
        if row.status == "new":
            lines.append(f"  第 {row.source_row} 行 新增：{row.item_name}")
        elif row.status in ("changed", "revision"):
            lines.append(
                f"  第 {row.source_row} 行 {row.status_label}：{row.item_name}"
                f"（{row.changed_labels}）"
            )
    if result.new_rows:
        lines.append(result.publish_sentence)
    if result.review_sentence:
        lines.append(result.review_sentence)
    for proposal in result.proposals:
        lines.append(
            f"  第 {proposal.row} 行“{proposal.name}”可能就是已有事项“{proposal.item.name}”："
            "本命令按新事项导入；要对应已有事项，请在后台导入时选择，或改为相同的名称。"
        )
    if result.missing_items:
        lines.append(result.missing_sentence)
        lines.extend(f"  {item.number} {item.name}" for item in result.missing_items)
    if result.notes:
        lines.append("读取提示：")
        lines.extend(f"  {note}" for note in result.notes)
    return lines


class CatalogueXlsxFormat(ReaderXlsxFormat):
    """The admin's only upload format: the workbook goes through our reader, not tablib's."""

    read = staticmethod(read_dataset)
