"""
Write the bureau's column table (栏目表) as its own spreadsheet: 序号 / 一级栏目 / 二级栏目 /
三级栏目 / 更新频率 / 负责科室, in the style of the bureau's table (seed 002 §五).

The bureau's table shows a level name once and leaves it blank below while it stays the same, as
merged cells look. Only leading levels are blanked, and only when the row goes deeper, so a blank
cell always means "as above" and a trailing blank always means "no such level".
"""

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    WRAP_CENTRE,
    WRAP_LEFT,
    new_workbook,
    print_setup,
    set_text,
    workbook_bytes,
    write_header,
)

HEADER = ("序号", "一级栏目", "二级栏目", "三级栏目", "更新频率", "负责科室")
WIDTHS = (6, 30, 30, 30, 12, 26)
LEVELS = 3


def blank_repeats(rows):
    """
    Blank the leading level names a row shares with the row above, as the bureau's table does.

    `rows` are (number, [level names], frequency, owner); the result is flat table rows.
    """
    table = []
    previous = []
    for number, path, frequency, owner in rows:
        levels = list(path[:LEVELS])
        if len(path) > LEVELS:
            # Deeper than the table's three levels: keep the rest of the path in the last cell.
            levels[-1] = " / ".join(path[LEVELS - 1 :])
        shown = []
        for depth, name in enumerate(levels):
            same_prefix = levels[: depth + 1] == previous[: depth + 1]
            goes_deeper = depth + 1 < len(levels)
            shown.append("" if same_prefix and goes_deeper and not any(shown) else name)
        shown += [""] * (LEVELS - len(shown))
        table.append((number, *shown, frequency, owner))
        previous = levels
    return table


def columns_workbook(table):
    """A workbook of the flat `table` rows under the six-column header."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "栏目表"
    body_font = Font(name=FONT_NAME, size=10)
    write_header(ws, 1, HEADER)
    for row, values in enumerate(table, start=2):
        for col, value in enumerate(values, start=1):
            cell = set_text(ws.cell(row, col), value)
            cell.font = body_font
            cell.border = BORDER
            cell.alignment = WRAP_LEFT if 2 <= col <= 4 else WRAP_CENTRE
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    print_setup(ws, title_rows="1:1")
    return wb


def write_columns(table):
    """Return the .xlsx bytes of the column table."""
    return workbook_bytes(columns_workbook(table))
