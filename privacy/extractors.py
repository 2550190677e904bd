"""
The text inside attachments (xlsx, docx, pdf), each piece labelled with where it is.

The privacy guard reads what citizens would download, so a clerk can be told exactly which cell,
paragraph or page to fix. Uploads come from anywhere: an encrypted or damaged file, or a zip bomb,
gives an Extraction with `problem` set (a Chinese reason), never an exception; a huge file is read
up to a limit (PRIVACY_SCAN_MAX_ROWS rows of a workbook, PRIVACY_SCAN_MAX_PAGES pages of a PDF,
PRIVACY_SCAN_MAX_PARAGRAPHS paragraphs of a document) and says so in `notes`.
"""

import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import openpyxl
from django.conf import settings
from openpyxl.utils import get_column_letter

from filesafety import checks as filesafety

logger = logging.getLogger(__name__)

DEFAULT_MAX_ROWS = 20000
DEFAULT_MAX_PAGES = 300
DEFAULT_MAX_PARAGRAPHS = 20000

ENCRYPTED = "文件设置了打开密码（已加密）"
DAMAGED = "文件已损坏或格式异常"
NOT_OFFICE = "文件不是有效的 {label}"
SUSPICIOUS = "文件解压后过大或压缩比异常"
# filesafety's refusals as a problem of the scan; the bounds of a zip bomb are SUSPICIOUS.
_PROBLEMS = {
    filesafety.ENCRYPTED: ENCRYPTED,
    filesafety.WORD_97: NOT_OFFICE,
    filesafety.EXCEL_97: NOT_OFFICE,
    filesafety.DAMAGED: DAMAGED,
}

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_TEXT = {W_NS + "t", W_NS + "delText", W_NS + "instrText"}
_DOCX_PARTS = re.compile(r"^word/(header|footer|footnotes|endnotes|comments)\d*\.xml$")
_DOCX_PART_LABELS = {
    "header": "页眉",
    "footer": "页脚",
    "footnotes": "脚注",
    "endnotes": "尾注",
    "comments": "批注",
}


@dataclass(frozen=True)
class Chunk:
    """A piece of text and where it is, e.g. 工作表“Sheet1”第3行第2列（B3）, 第2段, 第1页."""

    where: str
    text: str


@dataclass
class Extraction:
    chunks: list[Chunk] = field(default_factory=list)
    # Why the file could not be read at all ("" when it could).
    problem: str = ""
    # What was not read, e.g. 只检查了前 300 页（共 512 页）.
    notes: list[str] = field(default_factory=list)


class Unreadable(Exception):
    """The file cannot be read; the message says why, in Chinese."""


def _setting(name, default):
    return int(getattr(settings, name, default))


def max_rows():
    return _setting("PRIVACY_SCAN_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_pages():
    return _setting("PRIVACY_SCAN_MAX_PAGES", DEFAULT_MAX_PAGES)


def max_paragraphs():
    return _setting("PRIVACY_SCAN_MAX_PARAGRAPHS", DEFAULT_MAX_PARAGRAPHS)


def read_bytes(file):
    """The bytes of `file`: bytes, a path, a Django File or any binary file object."""
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    if isinstance(file, str) or hasattr(file, "__fspath__"):
        with open(file, "rb") as fh:
            return fh.read()
    if hasattr(file, "open") and getattr(file, "closed", False):
        file.open("rb")
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def extract(kind, file):
    """The text of an attachment of `kind` ("xlsx", "docx", "pdf"); other kinds have none."""
    readers = {"xlsx": xlsx_text, "docx": docx_text, "pdf": pdf_text}
    reader = readers.get(kind)
    if reader is None:
        return Extraction()
    try:
        return reader(read_bytes(file))
    except Unreadable as exc:
        return Extraction(problem=str(exc))
    except OSError as exc:
        logger.warning("Attachment could not be opened for the privacy scan: %s", exc)
        return Extraction(problem="文件无法打开")


def cell_text(value):
    """A cell's value as the text a reader sees; numbers without a spurious ".0"."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else ""
    return ""


def cell_where(sheet, row, column):
    """工作表“Sheet1”第3行第2列（B3）."""
    ref = f"{get_column_letter(column)}{row}"
    return f"工作表“{sheet}”第{row}行第{column}列（{ref}）"


def row_chunks(sheet, row_number, values):
    """The non-empty text cells of one sheet row as chunks."""
    chunks = []
    for column, value in enumerate(values, start=1):
        text = cell_text(value)
        if text:
            chunks.append(Chunk(cell_where(sheet, row_number, column), text))
    return chunks


def workbook_rows(workbook, *, skip=()):
    """Yield (sheet title, row number, values) of every sheet but `skip`, hidden sheets too."""
    for ws in workbook.worksheets:
        if ws.title in skip:
            continue
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some writers record a wrong used range
        for row_number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield ws.title, row_number, values


def _check_zip(data, label):
    """Open an Office file's zip after filesafety's checks: a zip, no bomb, not encrypted."""
    try:
        if filesafety.is_ole2(data):
            filesafety.check_ole2(data)
        if not filesafety.is_zip(data):
            raise Unreadable(NOT_OFFICE.format(label=label))
        return filesafety.open_archive(data, size_limit=settings.PORTAL_ATTACHMENT_MAX_BYTES)
    except filesafety.UnsafeFile as refusal:
        raise Unreadable(_PROBLEMS.get(refusal.reason, SUSPICIOUS).format(label=label)) from refusal


def xlsx_text(data):
    """Every text and number cell of every sheet, up to PRIVACY_SCAN_MAX_ROWS rows in all."""
    archive = _check_zip(data, "Excel 工作簿（.xlsx）")
    if "xl/workbook.xml" not in archive.namelist():
        raise Unreadable(NOT_OFFICE.format(label="Excel 工作簿（.xlsx）"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise Unreadable(DAMAGED) from exc
    try:
        return workbook_extraction(workbook)
    except Unreadable:
        raise
    except Exception as exc:  # read-only sheets are parsed lazily: damage shows up here
        raise Unreadable(DAMAGED) from exc
    finally:
        workbook.close()


def workbook_extraction(workbook):
    """The chunks of an open openpyxl workbook, up to the row limit (with a note past it)."""
    result = Extraction()
    limit = max_rows()
    for rows, (sheet, row_number, values) in enumerate(workbook_rows(workbook), start=1):
        if rows > limit:
            result.notes.append(
                f"表格过大，只检查了前 {limit} 行（至工作表“{sheet}”第{row_number - 1}行），"
                "其余内容未检查，请人工核对"
            )
            break
        result.chunks.extend(row_chunks(sheet, row_number, values))
    return result


def _parse_xml(data):
    # Office parts never declare a DTD; refusing one rules out entity-expansion attacks.
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise Unreadable(DAMAGED)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise Unreadable(DAMAGED) from exc


def _paragraph_text(paragraph):
    parts = []
    for node in paragraph.iter():
        if node.tag in _DOCX_TEXT:
            parts.append(node.text or "")
        elif node.tag == W_NS + "tab":
            parts.append("\t")
        elif node.tag in (W_NS + "br", W_NS + "cr"):
            parts.append("\n")
    return "".join(parts)


class _DocxWalker:
    """Number a part's paragraphs in reading order (第N段); table cells are placed by cell."""

    def __init__(self, prefix, limit):
        self.prefix = prefix
        self.limit = limit
        self.seen = 0  # every paragraph, table cells too: what the limit counts
        self.paragraphs = 0  # paragraphs outside tables: what 第N段 counts
        self.tables = 0
        self.chunks = []
        self.truncated = False

    def walk(self, element, cell=None):
        for child in element:
            if self.truncated:
                return
            if child.tag == W_NS + "p":
                self.paragraph(child, cell)
            elif child.tag == W_NS + "tbl":
                self.table(child)
            else:
                self.walk(child, cell)  # content controls, tracked insertions, text boxes

    def paragraph(self, element, cell):
        self.seen += 1
        if self.seen > self.limit:
            self.truncated = True
            return
        if cell is None:
            self.paragraphs += 1
        text = _paragraph_text(element)
        if text.strip():
            where = cell or f"{self.prefix}第{self.paragraphs}段"
            self.chunks.append(Chunk(where, text))

    def table(self, element):
        self.tables += 1
        number = self.tables
        rows = [child for child in element if child.tag == W_NS + "tr"]
        for row_number, row in enumerate(rows, start=1):
            cells = [child for child in row if child.tag == W_NS + "tc"]
            for column, cell in enumerate(cells, start=1):
                where = f"{self.prefix}表格{number}第{row_number}行第{column}列"
                self.walk(cell, where)
            if self.truncated:
                return


def docx_text(data):
    """The paragraphs of the body (tables cell by cell), headers, footers, notes and comments."""
    archive = _check_zip(data, "Word 文档（.docx）")
    names = archive.namelist()
    if "word/document.xml" not in names:
        raise Unreadable(NOT_OFFICE.format(label="Word 文档（.docx）"))
    result = Extraction()
    limit = max_paragraphs()
    parts = [("word/document.xml", "")]
    for name in sorted(names):
        match = _DOCX_PARTS.match(name)
        if match:
            parts.append((name, _DOCX_PART_LABELS[match.group(1)]))
    for name, prefix in parts:
        try:
            root = _parse_xml(archive.read(name))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise Unreadable(DAMAGED) from exc
        walker = _DocxWalker(prefix, limit)
        walker.walk(root)
        result.chunks.extend(walker.chunks)
        if walker.truncated:
            where = prefix or "正文"
            result.notes.append(f"{where}过长，只检查了前 {limit} 段，其余内容未检查，请人工核对")
    return result


def pdf_text(data):
    """The text of each page, up to PRIVACY_SCAN_MAX_PAGES pages."""
    import pypdf

    if not data.startswith(b"%PDF-"):
        raise Unreadable(NOT_OFFICE.format(label="PDF 文档"))
    pdf_logger = logging.getLogger("pypdf")
    previous_level = pdf_logger.level
    pdf_logger.setLevel(logging.ERROR)  # pypdf warns at length about every small defect
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_pdf(pypdf, data)
    except Unreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged or hostile file
        logger.info("PDF could not be read for the privacy scan: %r", exc)
        raise Unreadable(DAMAGED) from exc
    finally:
        pdf_logger.setLevel(previous_level)


def _read_pdf(pypdf, data):
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        # Many PDFs are encrypted only against editing: the empty user password opens them.
        try:
            opened = reader.decrypt("")
        except Exception as exc:  # e.g. AES without a crypto library
            raise Unreadable(ENCRYPTED) from exc
        if not opened:
            raise Unreadable(ENCRYPTED)
    result = Extraction()
    limit = max_pages()
    total = len(reader.pages)
    for number in range(min(total, limit)):
        text = reader.pages[number].extract_text() or ""
        if text.strip():
            result.chunks.append(Chunk(f"第{number + 1}页", text))
    if total > limit:
        result.notes.append(f"文档共 {total} 页，只检查了前 {limit} 页，其余页未检查，请人工核对")
    return result
