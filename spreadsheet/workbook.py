"""
Open an uploaded workbook safely.

Uploads come from anywhere: a renamed .doc, an old .xls, a password-protected file or a zip bomb
must each end in a SpreadsheetError that tells staff what to do, never in a stack trace, and
nothing is handed to openpyxl before the archive has passed filesafety's checks.
"""

import io
import logging
import os
import posixpath
import re
import warnings
import weakref
import zipfile
from xml.etree import ElementTree

import openpyxl
from django.conf import settings
from openpyxl.utils import column_index_from_string

from filesafety import checks as filesafety
from spreadsheet.errors import SpreadsheetError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
READ_CHUNK = 256 * 1024

SAVE_AS_XLSX = "请在 Excel 或 WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"

# The bytes each open workbook was read from: merged_cells reads read-only sheets' XML from them.
_sources = weakref.WeakKeyDictionary()

_CELLS_END_RE = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")
_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def max_upload_bytes():
    return getattr(settings, "PORTAL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _megabytes(size):
    return f"{size / 1024 / 1024:g} MB"


def _read_at_most(fh, size):
    """
    Read up to `size` bytes in chunks.

    One read(size) makes CPython allocate the whole `size` before shrinking the buffer to what
    the file holds: 10 MB for every upload, whatever its size.
    """
    chunks = []
    while size > 0:
        chunk = fh.read(min(READ_CHUNK, size))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0][:0].join(chunks) if chunks else b""


def _read_bounded(file, limit):
    """Return the file's bytes, refusing anything over `limit` before reading all of it."""
    too_big = SpreadsheetError(f"文件大小超过 {_megabytes(limit)} 上限，请拆分后再上传")
    if isinstance(file, (str, os.PathLike)):
        try:
            if os.path.getsize(file) > limit:
                raise too_big
            with open(file, "rb") as fh:
                return _read_at_most(fh, limit + 1)
        except OSError as exc:
            raise SpreadsheetError("无法读取上传的文件") from exc
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        size = getattr(file, "size", None)  # Django's UploadedFile knows its size
        if isinstance(size, int) and size > limit:
            raise too_big
        if hasattr(file, "seek"):
            file.seek(0)
        data = _read_at_most(file, limit + 1)
        if isinstance(data, str):
            raise SpreadsheetError(f"文件不是 Excel 工作簿（.xlsx）。{SAVE_AS_XLSX}")
    if len(data) > limit:
        raise too_big
    return data


# The refusals of filesafety.checks, in the words staff read on the import page.
_REFUSALS = {
    filesafety.ENCRYPTED: (
        "工作簿设置了打开密码，无法读取。请在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿）"
        "后另存为 .xlsx 再上传"
    ),
    filesafety.WORD_97: f"这是 Word 文档，不是 Excel 工作簿（.xlsx）。{SAVE_AS_XLSX}",
    filesafety.EXCEL_97: (
        "这是旧版 Excel 97-2003 格式（.xls）的文件，无法读取。"
        "请在 Excel 或 WPS 中打开后“另存为” Excel 工作簿（.xlsx）再上传"
    ),
    filesafety.DAMAGED: f"文件已损坏，无法作为 .xlsx 工作簿打开。{SAVE_AS_XLSX}",
    filesafety.TOO_MANY_PARTS: "工作簿结构异常（包含的部件过多），已拒绝读取",
    filesafety.RATIO: "工作簿压缩比异常（疑似压缩炸弹），已拒绝读取",
    filesafety.TOO_LARGE: "工作簿解压后过大（疑似压缩炸弹），已拒绝读取",
}


def _check_archive(data, limit):
    """Check the file is a safe zip holding a workbook before openpyxl inflates anything."""
    try:
        if filesafety.is_ole2(data):
            filesafety.check_ole2(data)
        archive = filesafety.open_archive(data, size_limit=limit)
    except filesafety.UnsafeFile as refusal:
        raise SpreadsheetError(_REFUSALS[refusal.reason]) from refusal
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
        raise SpreadsheetError(f"压缩包不是 Excel 工作簿（.xlsx）。{SAVE_AS_XLSX}")
    if not any(name.endswith("workbook.xml") for name in names):
        raise SpreadsheetError(
            f"文件不是 Excel 工作簿（.xlsx），可能是 Word 或其他格式的文件。{SAVE_AS_XLSX}"
        )


def open_workbook(file, *, read_only=True):
    """
    Return the openpyxl workbook in `file` (a path, bytes or a binary file object).

    Formula cells give their cached values (data_only). Read-only mode streams the rows, which
    keeps large catalogues fast and memory bounded; `merged_cells()` finds merged ranges in
    either mode.
    """
    limit = max_upload_bytes()
    data = _read_bounded(file, limit)
    if not data.strip(b"\x00 \t\r\n"):
        raise SpreadsheetError("文件是空的，请检查后重新上传")
    if not filesafety.is_ole2(data) and not filesafety.is_zip(data):
        raise SpreadsheetError(
            f"文件不是 Excel 工作簿（.xlsx），可能是 CSV、Word 或改了扩展名的文件。{SAVE_AS_XLSX}"
        )
    _check_archive(data, limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=read_only, data_only=True, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SpreadsheetError(
            "工作簿内容已损坏，无法读取。请在 Excel 或 WPS 中打开后重新另存为 .xlsx 再上传"
        ) from exc
    _sources[workbook] = data
    return workbook


def merged_cells(ws):
    """
    Return the merged ranges of `ws` as (min_row, min_col, max_row, max_col) tuples.

    A read-only worksheet does not parse them, so read the <mergeCell> elements straight from the
    sheet's XML part (they follow the cell data); a regular worksheet already has them.
    """
    if hasattr(ws, "merged_cells"):
        return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    xml = b""
    after_cells = False
    with _sheet_part(ws) as source:
        # Keep only what follows the cell data, so memory stays small on large sheets.
        while chunk := source.read(1024 * 1024):
            xml += chunk
            if not after_cells:
                end = _CELLS_END_RE.search(xml)
                if end:
                    after_cells = True
                    xml = xml[end.start() :]
                else:
                    xml = xml[-64:]
    ranges = []
    for col1, row1, col2, row2 in _MERGE_RE.findall(xml):
        col2, row2 = (col2 or col1), (row2 or row1)
        ranges.append(
            (
                int(row1),
                column_index_from_string(col1.decode()),
                int(row2),
                column_index_from_string(col2.decode()),
            )
        )
    return ranges


def _sheet_part(ws):
    """
    The XML part of a read-only sheet, opened from the workbook's own bytes.

    The part's name comes from the package's public structure (xl/workbook.xml names each sheet's
    relationship, xl/_rels/workbook.xml.rels its part), not from openpyxl's private attributes.
    """
    archive = zipfile.ZipFile(io.BytesIO(_sources[ws.parent]))
    ns = {
        "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relation = next(
        sheet.get(f"{{{ns['r']}}}id")
        for sheet in book.iterfind("main:sheets/main:sheet", ns)
        if sheet.get("name") == ws.title
    )
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(
        rel.get("Target")
        for rel in rels.iterfind("rel:Relationship", ns)
        if rel.get("Id") == relation
    )
    name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return archive.open(name)


def read_or_refuse(reader, file, *, refused, unreadable, **options):
    """
    Run a workbook `reader` on `file`, turning every failure into `refused` for staff.

    A SpreadsheetError keeps its own message (sheet, row, column); anything else is a reader bug
    or a file no workbook library can open: staff get `unreadable`, the log the traceback.
    """
    try:
        return reader(file, **options)
    except SpreadsheetError as exc:
        raise refused(str(exc)) from exc
    except Exception as exc:
        logger.exception("Unexpected error in %s", reader.__name__)
        raise refused(unreadable) from exc
