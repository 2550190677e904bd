"""
The monthly progress report for the leadership (seed 003 §十六: progress reported every month).

One row per requirement: its offices, deadline, where it stands today and the latest progress,
as an xlsx sheet or a Word table. Staff see every entry, reviewed or not: it is an internal paper.
"""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ledger import standing
from ledger.models import Requirement
from sitewide.word import (
    LANDSCAPE_TEXT_WIDTH,
    add_table,
    add_title,
    document_bytes,
    new_document,
    set_cell,
)
from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    WRAP_CENTRE,
    WRAP_TOP,
    new_workbook,
    print_setup,
    set_text,
    workbook_bytes,
    write_header,
)

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json; charset=utf-8",
}
HEADER = ("序号", "具体要求", "责任部门（单位）", "时限要求", "状态", "最新进展", "填报日期")
WIDTHS = (6, 50, 26, 12, 30, 40, 12)


def rows(ledger, today):
    requirements = list(Requirement.objects.filter(ledger=ledger).with_tasks())
    standing.attach(requirements, today)
    result = []
    for r in requirements:
        latest = r.standing.latest
        status = r.standing.label
        if latest is not None and latest.state == latest.State.DELAYED:
            status = f"{status}（延期：{latest.reason}）"
        if r.standing.detail:
            status = f"{status}；{r.standing.detail}"
        result.append(
            (
                r.number,
                r.text,
                r.offices_text,
                r.deadline_text,
                status,
                latest.text if latest else "尚未填报",
                latest.reported_on.isoformat() if latest else "",
            )
        )
    return result


def title(ledger, today):
    return f"{ledger.title}推进情况（截至 {today.year} 年 {today.month} 月 {today.day} 日）"


def monthly_xlsx(ledger, today=None):
    today = today or timezone.localdate()
    wb = new_workbook()
    ws = wb.active
    ws.title = f"{today.year}年{today.month}月"
    heading = set_text(ws.cell(1, 1), title(ledger, today))
    heading.font = Font(name=FONT_NAME, bold=True, size=14)
    heading.alignment = WRAP_CENTRE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    write_header(ws, 2, HEADER)
    for row, values in enumerate(rows(ledger, today), start=3):
        for column, value in enumerate(values, start=1):
            cell = set_text(ws.cell(row, column), value)
            cell.font = Font(name=FONT_NAME, size=10)
            cell.alignment = WRAP_TOP
            cell.border = BORDER
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    print_setup(ws, title_rows="2:2")
    return workbook_bytes(wb)


def monthly_docx(ledger, today=None):
    """The report as a Word table on A4 turned (seven columns), in the official layout."""
    today = today or timezone.localdate()
    document = new_document(landscape=True)
    add_title(document, title(ledger, today))
    total = sum(WIDTHS)
    widths = [LANDSCAPE_TEXT_WIDTH * width // total for width in WIDTHS]
    table = add_table(document, 1, widths)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        set_cell(cell, text, bold=True)
    for values in rows(ledger, today):
        cells = table.add_row().cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            set_cell(cell, value or "", size=Pt(10), align=WD_ALIGN_PARAGRAPH.LEFT)
    return document_bytes(document)
