"""
The monthly progress report for the leadership (seed 003 §十六: progress reported every month).

One row per requirement: its offices, deadline, where it stands today and the latest progress,
as an xlsx sheet or a Word table. Staff see every entry, reviewed or not: it is an internal paper.
"""

import io

import docx
import openpyxl
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font

from ledger import standing
from ledger.models import Requirement
from sitewide.xlsx import set_text

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json; charset=utf-8",
}
HEADER = ("序号", "具体要求", "责任部门（单位）", "时限要求", "状态", "最新进展", "填报日期")


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
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"{today.year}年{today.month}月"
    ws.append([title(ledger, today)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(HEADER))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for values in rows(ledger, today):
        ws.append([None] * len(values))
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=ws.max_row, column=column)
            set_text(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for letter, width in zip("ABCDEFG", (6, 50, 26, 12, 30, 40, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.print_title_rows = "2:2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def monthly_docx(ledger, today=None):
    today = today or timezone.localdate()
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2))
    document.add_heading(title(ledger, today), level=1)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows(ledger, today):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value or ""
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(10)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
