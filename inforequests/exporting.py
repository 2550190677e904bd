"""
Workbooks: table 三 for the public and the annual report, and the staff's list of cases.

Every cell is written as a literal (sitewide.xlsx.set_text): applicants and clerks
type the texts, so nothing in a file computes. The table's workbook holds only counts; the case
list holds personal data and is made only for staff who may see those cases.
"""

import json

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from inforequests import table_three as t3
from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    WRAP_LEFT,
    WRAP_TOP,
    new_workbook,
    print_setup,
    set_text,
    workbook_bytes,
    write_header,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_title(bureau, year):
    return f"{bureau}{year}年度收到和处理政府信息公开申请情况"


def table_xlsx(table, bureau):
    """
    Table 三 in its printed shape: the row labels, then one column per table column; printed
    with the labels and the column headings on every page.
    """
    wb = new_workbook()
    ws = wb.active
    ws.title = f"{table.year}年"
    title = set_text(ws.cell(1, 1), table_title(bureau, table.year))
    title.font = Font(name=FONT_NAME, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(t3.COLUMNS) + 1)
    write_header(ws, 2, ["", *t3.COLUMNS])
    row = 3
    for label, level, numbers in table.rows():
        cell = set_text(ws.cell(row, 1), "\u3000" * level + label)
        cell.alignment = WRAP_LEFT
        cell.border = BORDER
        for col, value in enumerate(numbers or [], start=2):
            set_text(ws.cell(row, col), value).border = BORDER
        row += 1
    ws.column_dimensions["A"].width = 60
    for col in range(2, len(t3.COLUMNS) + 2):
        ws.column_dimensions[get_column_letter(col)].width = 10
    print_setup(ws, title_rows="2:2", title_cols="A:A")
    return workbook_bytes(wb)


def table_json(table):
    return json.dumps({"year": table.year, "table": table.as_dict()}, ensure_ascii=False, indent=2)


CASE_HEADER = (
    "查询码",
    "收到申请日期",
    "申请方式",
    "申请人类型",
    "姓名或名称",
    "联系电话",
    "所需信息",
    "承办科室",
    "状态",
    "答复期限",
)
CASE_WIDTHS = (14, 12, 10, 10, 14, 14, 40, 14, 10, 12)


def cases_xlsx(entries):
    """The staff's list: [(case, phase text, due text)] as rows (personal data included)."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "政府信息公开申请"
    write_header(ws, 1, CASE_HEADER)
    for row, (case, phase, due) in enumerate(entries, start=2):
        values = (
            case.query_code,
            case.received_on.isoformat(),
            case.get_channel_display(),
            case.get_applicant_type_display(),
            case.name,
            case.phone,
            case.description,
            case.office.name if case.office else "",
            phase,
            due,
        )
        for col, value in enumerate(values, start=1):
            set_text(ws.cell(row, col), value).alignment = WRAP_TOP
    for col, width in enumerate(CASE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    print_setup(ws, title_rows="1:1")
    return workbook_bytes(wb)
