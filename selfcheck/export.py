"""
The self-check list as a workbook to send round the offices: one row per problem, by office.

Titles of documents and items are typed by clerks or imported from files, so every cell is
written as a literal (catalogue.sheet_writer.set_text): nothing in the list computes.
"""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    WRAP_CENTRE,
    WRAP_LEFT,
    fit_a4_landscape,
    set_text,
    workbook_bytes,
)

HEADER = ("序号", "责任科室", "问题类型", "对象", "问题说明", "修改链接")
WIDTHS = (6, 16, 20, 36, 60, 48)
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3


def title(bureau_name, today):
    return f"{bureau_name}政务公开自查问题清单（{today.isoformat()}）"


def filename(today, office=""):
    prefix = f"{office}-" if office else ""
    return f"政务公开自查问题清单-{prefix}{today.isoformat()}.xlsx"


def problems_workbook(groups, *, bureau_name, today, absolute_url):
    """
    A workbook of `groups` ([(office, [Problem])], as rules.group_by_office gives them).

    `absolute_url` turns a fix URL into one that works from the file (the request's host).
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "自查问题清单"
    title_cell = set_text(ws.cell(TITLE_ROW, 1), title(bureau_name, today))
    title_cell.font = Font(name=FONT_NAME, size=14, bold=True)
    title_cell.alignment = WRAP_CENTRE
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(HEADER))
    ws.row_dimensions[TITLE_ROW].height = 28
    header_font = Font(name=FONT_NAME, size=11, bold=True)
    for col, heading in enumerate(HEADER, start=1):
        cell = set_text(ws.cell(HEADER_ROW, col), heading)
        cell.font = header_font
        cell.alignment = WRAP_CENTRE
        cell.border = BORDER
    body_font = Font(name=FONT_NAME, size=10)
    row = FIRST_DATA_ROW
    for office, problems in groups:
        for problem in problems:
            link = absolute_url(problem.fix_url) if problem.fix_url else ""
            values = (
                row - FIRST_DATA_ROW + 1,
                office,
                problem.rule_label,
                problem.subject,
                problem.detail,
                link,
            )
            for col, value in enumerate(values, start=1):
                cell = set_text(ws.cell(row, col), value)
                cell.font = body_font
                cell.border = BORDER
                cell.alignment = WRAP_CENTRE if col <= 3 else WRAP_LEFT
            if link:
                ws.cell(row, len(HEADER)).hyperlink = link
            row += 1
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1).coordinate
    fit_a4_landscape(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    return wb


def write_problems(groups, **kwargs):
    """Return the .xlsx bytes of the list."""
    return workbook_bytes(problems_workbook(groups, **kwargs))
