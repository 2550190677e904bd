"""
Read a column table (栏目表) workbook into plain rows for columns.table.apply_rows.

The header row is found by its names (序号, 一级栏目 …, 更新频率, 负责科室) anywhere in the first
rows of any sheet, whatever the column order, so a title row above it or extra columns beside it
do no harm. Rows are returned as (序号, 一级栏目, 二级栏目, …, 更新频率, 负责科室); blank level
cells are kept blank, since the column-table engine reads them as "same as the row above".

A blank row inside the table does not end it (clerks leave gaps between groups; stopping there
would import half the table and look successful): it is kept as an empty row, which the engine
skips while counting lines, so its messages still name the sheet row. The table ends at a notes
row (注：…, 说明：…) or at the end of the sheet.
"""

import re
from dataclasses import dataclass, field

from spreadsheet.errors import SpreadsheetError
from spreadsheet.headers import find_header
from spreadsheet.text import cell_text, match_key, to_simplified_row
from spreadsheet.workbook import open_workbook

HEADER_SEARCH_ROWS = 20
LEVEL_RE = re.compile(r"^([一二三四五六])级栏目(名称)?$")
LEVEL_DEPTHS = "一二三四五六"
REQUIRED = {"number": "序号", "frequency": "更新频率", "owner": "负责科室"}
ALIASES = {
    "number": ("序号", "编号"),
    "frequency": ("更新频率", "更新时限"),
    "owner": ("负责科室", "责任科室", "责任单位", "负责单位"),
}
NOTE_PREFIXES = ("注释", "注:", "注意:", "说明:", "备注:", "附注")
NOTE_WORDS = {"注", "说明", "备注"}
NO_HEADER = "未找到栏目表的表头：需要“序号”“一级栏目”“更新频率”“负责科室”等列"


@dataclass
class ColumnTable:
    sheet: str
    first_line: int  # the sheet row of rows[0]
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def _field_of(key):
    """The field a header word names: number, frequency, owner, or a level as its depth."""
    level = LEVEL_RE.match(key)
    if level:
        return LEVEL_DEPTHS.index(level.group(1))
    return next((name for name, aliases in ALIASES.items() if key in aliases), None)


def _find_header(rows):
    """(position, {field: index, "levels": [index per depth]}) of the header row, or None."""
    found = find_header(rows, _field_of, [*REQUIRED, 0], limit=HEADER_SEARCH_ROWS)
    if found is None:
        return None
    position, mapping = found
    depths = sorted(key for key in mapping if isinstance(key, int))
    if depths != list(range(len(depths))):
        return None
    columns = {name: mapping[name][0] for name in REQUIRED}
    columns["levels"] = [mapping[depth][0] for depth in depths]
    return position, columns


def _is_blank(values):
    return not any(cell_text(value) for value in values)


def _is_note(values):
    """True when the row's first filled cell opens a notes block (注：…, 说明：…)."""
    first = next((text for text in map(cell_text, values) if text), "")
    if not first or first.isdigit():
        return False
    key = match_key(first)
    return key in NOTE_WORDS or key.startswith(NOTE_PREFIXES)


def read_column_table(file):
    """Return the column table in `file` (path, bytes or file object); raise SpreadsheetError."""
    workbook = open_workbook(file)
    try:
        return read_column_workbook(workbook)
    finally:
        workbook.close()


def read_column_workbook(workbook):
    """read_column_table on a workbook already opened (spreadsheet.workbook.open_workbook)."""
    for ws in workbook.worksheets:
        table = _read_sheet(ws)
        if table is not None:
            return table
    raise SpreadsheetError(NO_HEADER)


def _read_sheet(ws):
    rows = ws.iter_rows(values_only=True)
    found = _find_header(rows)  # reads up to the header: the table's rows follow
    if found is None:
        return None
    position, columns = found
    header_line = position + 1
    table = ColumnTable(sheet=ws.title, first_line=header_line + 1)
    for row_number, values in enumerate(rows, start=header_line + 1):
        values = list(values)
        order = [columns["number"], *columns["levels"], columns["frequency"], columns["owner"]]
        cells = to_simplified_row([values[i] if i < len(values) else None for i in order])
        if not cell_text(cells[0]).isdigit() and _is_note(to_simplified_row(values)):
            break
        if _is_blank(cells):
            if table.rows:
                table.rows.append([""] * len(order))  # a gap inside the table: kept, skipped
            else:
                table.first_line = row_number + 1
            continue
        table.rows.append([cells[0], *(cell_text(c) for c in cells[1:])])
    while table.rows and _is_blank(table.rows[-1]):
        table.rows.pop()
    if not table.rows:
        raise SpreadsheetError("栏目表中没有数据行（表头下方为空）", sheet=ws.title)
    return table
