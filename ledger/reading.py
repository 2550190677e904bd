"""
Reading a ledger from the files bureaus actually have: xlsx and docx tables.

Two layouts, one reader: seed 004's 工作任务（two columns: 一、… / （一）…）/ 具体要求（number and
text, in one cell or two）/ 责任部门（单位）/ 时限要求, and seed 003 附件1's 序号 / 工作任务 /
具体事项（"(1)…"）/ 责任单位 / 指导单位 / 完成时间. Columns are found by their header words, so
an extra column or a different order does not matter.

What real files do and the reader copes with: the header repeated on every page; a requirement
running on over a page break (the next row carries the rest of its text or office list, without
number or deadline); task cells merged down or left blank below; a group number used twice; lead
and support written "X牵头，Y、Z配合"; Traditional characters and full-width brackets.
"""

import functools
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from filesafety import checks
from ledger import responsibility
from ledger.models import ProgressEntry
from spreadsheet.errors import SpreadsheetError
from spreadsheet.headers import header_columns
from spreadsheet.text import cell_text, match_key, to_simplified
from spreadsheet.workbook import max_upload_bytes, open_workbook

STATE_BY_LABEL = {label: value for value, label in ProgressEntry.State.choices}

# Header words -> the field a column holds, tried in this order.
_HEADER_FIELDS = (
    ("group", ("序号",)),
    ("task", ("工作任务", "重点任务", "任务")),
    ("requirement", ("具体要求", "具体事项", "工作内容", "具体内容")),
    ("guide", ("指导单位",)),
    ("offices", ("责任部门", "责任单位", "责任科室", "责任处室")),
    ("deadline", ("时限要求", "完成时间", "完成时限", "时间要求", "时限")),
    ("state", ("推进状态", "进展状态", "完成情况", "进展情况", "进度")),
)
_NUMBER_IN_TEXT = re.compile(r"^\s*(?:[（(]\s*(\d{1,3})\s*[)）]|(\d{1,3})(?:\s+|\s*[、.．]\s*))")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
DOCX_MAGIC = b"PK\x03\x04"


@dataclass
class ReadRequirement:
    """One requirement as the file gives it, with where it starts (for messages)."""

    sheet: str
    row: int
    task: str
    subtask: str
    number: str
    text: str
    offices_text: str
    guide_text: str
    deadline_text: str
    continued_rows: list = field(default_factory=list)

    @property
    def lead(self):
        return self._offices.lead

    @property
    def support(self):
        return self._offices.support

    @property
    def _offices(self):
        # Parsed once per text: the plan and the writes each ask for both lists.
        if getattr(self, "_parsed", (None,))[0] != self.offices_text:
            self._parsed = (self.offices_text, responsibility.parse(self.offices_text))
        return self._parsed[1]

    @property
    def guide(self):
        return responsibility.split_names(self.guide_text)

    @property
    def where(self):
        return f"工作表“{self.sheet}”第 {self.row} 行"


@dataclass
class ReadLedger:
    requirements: list
    warnings: list


def _key(text):
    return match_key(text).replace("（", "(").replace("）", ")")


@functools.cache
def _header_keys():
    return tuple((name, tuple(_key(word) for word in words)) for name, words in _HEADER_FIELDS)


@functools.lru_cache(maxsize=4096)
def _field_of(text):
    """The field a header cell names, or None; asked of every cell of every row, so cached."""
    key = _key(text)
    if not key:
        return None
    for name, keys in _header_keys():
        if key.startswith(keys):
            return name
    return None


def _header_map(texts):
    """{field: [column indexes]} if `texts` is a header row, else None."""
    return header_columns(texts, _field_of, ("requirement", "offices"), merged=True)


def _clean(value):
    return unicodedata.normalize("NFC", to_simplified(cell_text(value)))


def task_title(text):
    """A task's title with its brackets written one way: (三) and （三） are the same task."""
    return text.strip().replace("(", "（").replace(")", "）")


def _split_number(text):
    match = _NUMBER_IN_TEXT.match(text)
    if not match:
        return "", text
    return (match.group(1) or match.group(2)), text[match.end() :].strip()


def _number_text(text):
    text = unicodedata.normalize("NFKC", text).strip().strip("()（）.、．")
    return text


class _Reader:
    def __init__(self):
        self.requirements = []
        self.warnings = []
        self.header = None
        self.header_texts = None
        self.task = ""
        self.subtask = ""

    def rows(self, sheet, rows):
        """Feed the rows of one sheet (or docx table): (row number, [cell texts])."""
        for row_number, texts in rows:
            if not any(texts):
                continue
            header = _header_map(texts)
            if header is not None:
                if self.header is None:
                    self.header, self.header_texts = header, texts
                continue  # the header repeated on a new page
            if self.header is None:
                continue  # titles above the table
            self._row(sheet, row_number, texts)

    def _get(self, texts, name, position=0):
        columns = self.header.get(name, [])
        if position >= len(columns) or columns[position] >= len(texts):
            return ""
        return texts[columns[position]]

    def _row(self, sheet, row_number, texts):
        task_columns = self.header.get("task", [])
        level1 = self._get(texts, "task", 0)
        level2 = self._get(texts, "task", 1) if len(task_columns) > 1 else ""
        if level2 == level1:
            level2 = ""  # a docx cell spanning both task columns
        if len(task_columns) == 1 and self.task and _LEVEL2.match(level1):
            level1, level2 = "", level1  # one task column holding both levels
        if len(self.header["requirement"]) > 1:
            number = _number_text(self._get(texts, "requirement", 0))
            text = self._get(texts, "requirement", 1)
        else:
            number, text = _split_number(self._get(texts, "requirement", 0))
            number = _number_text(number)
        offices = self._get(texts, "offices")
        guide = self._get(texts, "guide")
        deadline = self._get(texts, "deadline")
        # The 推进状态 column (the export writes it) is checked, not imported: progress is
        # reported and reviewed, never taken from a file.
        state = self._get(texts, "state")

        level1, level2 = task_title(level1), task_title(level2)
        if level1:
            if level1 != self.task:
                self.subtask = ""
            self.task = level1
        if level2:
            self.subtask = level2

        if not number and not deadline and self.requirements and (text or offices or guide):
            previous = self.requirements[-1]
            if not level1 or level1 == previous.task:
                # The rest of the previous requirement, carried over a page break.
                previous.text += text
                previous.offices_text += offices
                previous.guide_text += guide
                previous.continued_rows.append(row_number)
                return
        if not text:
            if not (offices or deadline or number):
                return  # a task heading on a row of its own
            raise SpreadsheetError(
                "缺少具体要求的内容", sheet=sheet, row=row_number, column=self._label("requirement")
            )
        if not self.task:
            raise SpreadsheetError(
                "这一行之前没有工作任务，请填写所属的工作任务",
                sheet=sheet,
                row=row_number,
                column=self._label("task"),
            )
        if state and state not in STATE_BY_LABEL:
            raise SpreadsheetError(
                f"推进状态“{state}”无法识别，应为{'、'.join(STATE_BY_LABEL)}之一",
                sheet=sheet,
                row=row_number,
                column=self._label("state"),
            )
        self.requirements.append(
            ReadRequirement(
                sheet=sheet,
                row=row_number,
                task=self.task,
                subtask=self.subtask,
                number=number,
                text=text,
                offices_text=offices,
                guide_text=guide,
                deadline_text=deadline,
            )
        )

    def _label(self, name):
        columns = self.header.get(name) or [0]
        texts = self.header_texts or []
        index = columns[0]
        return texts[index] if index < len(texts) else name

    def finish(self, sheet):
        if self.header is None:
            raise SpreadsheetError(
                "未找到台账表头：表格应有“具体要求”（或“具体事项”）和“责任部门”（或“责任单位”）列",
                sheet=sheet,
            )
        for read in self.requirements:
            if not read.offices_text:
                raise SpreadsheetError(
                    "缺少责任部门（单位）",
                    sheet=read.sheet,
                    row=read.row,
                    column=self._label("offices"),
                )
        return ReadLedger(self.requirements, self.warnings)


def _xlsx_rows(ws):
    for row_number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        yield row_number, [_clean(value) for value in values]


def read_xlsx(file):
    workbook = open_workbook(file, read_only=True)
    try:
        reader = _Reader()
        for ws in workbook.worksheets:
            reader.rows(ws.title, _xlsx_rows(ws))
        return reader.finish(workbook.worksheets[0].title)
    finally:
        workbook.close()


def read_docx(data):
    """Every table of a Word document, in order, as one ledger (a table per page is common)."""
    import docx

    try:
        checks.open_archive(data, size_limit=max_upload_bytes()).close()
    except checks.UnsafeFile as exc:
        raise SpreadsheetError(
            "Word 文档无法安全读取（已加密、已损坏或解压后过大），请另存为普通 .docx 后重新上传"
        ) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged file
        raise SpreadsheetError("Word 文档已损坏，无法读取，请重新另存为 .docx 后上传") from exc
    reader = _Reader()
    for table_number, table in enumerate(document.tables, start=1):
        rows = [
            (row_number, [_clean(cell.text) for cell in row.cells])
            for row_number, row in enumerate(table.rows, start=1)
        ]
        reader.rows(f"表格{table_number}", rows)
    if not document.tables:
        raise SpreadsheetError("Word 文档中没有表格：台账应是一张表格")
    return reader.finish("表格1")


def read_ledger_file(file, name=""):
    """Read an uploaded xlsx or docx ledger; a SpreadsheetError says what is wrong, in Chinese."""
    data = file if isinstance(file, bytes) else file.read()
    if name.lower().endswith(".docx") or _is_docx(data):
        return read_docx(data)
    return read_xlsx(data)


def _is_docx(data):
    if not data.startswith(DOCX_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
