"""
Workbooks: table 三 for the public and the annual report, and the staff's list of cases.

Every cell is written as a literal (sitewide.xlsx.set_text): applicants and clerks
type the texts, so nothing in a file computes. The table's workbook holds only counts; the case
list holds personal data and is made only for staff who may see those cases.
"""

import json

from openpyxl import Workbook
from openpyxl.styles import Font

from inforequests import table_three as t3
from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    WRAP_CENTRE,
    WRAP_LEFT,
    set_text,
    workbook_bytes,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_title(bureau, year):
    return f"{bureau}{year}年度收到和处理政府信息公开申请情况"


def table_xlsx(table, bureau):
    """Table 三 in its printed shape: the row labels, then one column per table column."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"{table.year}年"
    title = set_text(ws.cell(1, 1), table_title(bureau, table.year))
    title.font = Font(name=FONT_NAME, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(t3.COLUMNS) + 1)
    for col, heading in enumerate(["本列数据的勾稽关系：一+二=三（七）+四", *t3.COLUMNS], start=1):
        cell = set_text(ws.cell(2, col), heading if col > 1 else "")
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.alignment = WRAP_CENTRE
        cell.border = BORDER
    row = 3
    for label, level, numbers in table.rows():
        cell = set_text(ws.cell(row, 1), "\u3000" * level + label)
        cell.alignment = WRAP_LEFT
        cell.border = BORDER
        for col, value in enumerate(numbers or [], start=2):
            ws.cell(row, col, value).border = BORDER
        row += 1
    ws.column_dimensions["A"].width = 60
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


def cases_xlsx(entries):
    """The staff's list: [(case, phase text, due text)] as rows (personal data included)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "政府信息公开申请"
    for col, heading in enumerate(CASE_HEADER, start=1):
        set_text(ws.cell(1, col), heading).font = Font(name=FONT_NAME, bold=True)
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
            set_text(ws.cell(row, col), value)
    return workbook_bytes(wb)
