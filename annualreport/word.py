"""
The report as a Word document in the national layout (国办公开办函〔2021〕30号), on the official
page of GB/T 9704 (sitewide.word).

Table 三 gives its label column the room to read a label on one or two lines and its seven
number columns what a number and a two-line heading need, so the table fits on one page.
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from annualreport import presentation, tables
from sitewide.word import (
    TEXT_WIDTH,
    add_heading,
    add_paragraph,
    add_table,
    add_title,
    document_bytes,
    new_document,
    set_cell,
)

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE_SIZE = Pt(9)  # 小五: the national tables' many columns
THREE_LABEL_WIDTH = Mm(68)  # 20 characters of 小五: the longest label (37) on two lines
THREE_NUMBER_WIDTH = Mm(12.5)


def _paragraphs(document, text):
    for line in (text or "").splitlines():
        if line.strip():
            add_paragraph(document, line.strip())


def _grid(document, rows, widths):
    return add_table(document, rows, widths)


def _even(cols):
    """`cols` equal widths across the text block."""
    return [TEXT_WIDTH // cols] * cols


def _set(cell, text, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    set_cell(cell, text, bold=bold, size=TABLE_SIZE, align=align)


def _table_two(document, report):
    rows = presentation.table_two(report)
    table = _grid(document, len(rows), [Mm(60), *[(TEXT_WIDTH - Mm(60)) // 3] * 3])
    for r, (kind, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            _set(table.cell(r, c), text, bold=kind == "head")
        if not cells[2]:  # one figure or heading across the three columns
            table.cell(r, 1).merge(table.cell(r, 3))
            _set(table.cell(r, 1), cells[1], bold=kind == "head")


def _table_three(document, report):
    rows = presentation.table_three(report)
    columns = tables.TABLE_THREE_COLUMNS
    table = _grid(
        document, 3 + len(rows), [THREE_LABEL_WIDTH, *[THREE_NUMBER_WIDTH] * len(columns)]
    )
    table.cell(0, 0).merge(table.cell(2, 0))
    _set(table.cell(0, 0), CHECK_NOTE, bold=True)
    table.cell(0, 1).merge(table.cell(0, len(columns)))
    _set(table.cell(0, 1), "申请人情况", bold=True)
    table.cell(1, 1).merge(table.cell(2, 1))
    _set(table.cell(1, 1), columns[0], bold=True)
    table.cell(1, 2).merge(table.cell(1, 6))
    _set(table.cell(1, 2), "法人或其他组织", bold=True)
    for c, label in enumerate(tables.ORGANISATION_COLUMNS, start=2):
        _set(table.cell(2, c), label, bold=True)
    table.cell(1, 7).merge(table.cell(2, 7))
    _set(table.cell(1, 7), columns[-1], bold=True)
    for r, (label, _level, numbers) in enumerate(rows, start=3):
        _set(table.cell(r, 0), label, align=WD_ALIGN_PARAGRAPH.LEFT)
        for c, number in enumerate(numbers or [], start=1):
            _set(table.cell(r, c), number)


def _table_four(document, report):
    numbers = presentation.table_four(report)
    table = _grid(document, 4, _even(15))
    table.cell(0, 0).merge(table.cell(0, 4))
    _set(table.cell(0, 0), tables.REVIEW, bold=True)
    table.cell(0, 5).merge(table.cell(0, 14))
    _set(table.cell(0, 5), tables.LITIGATION, bold=True)
    for c, outcome in enumerate(tables.OUTCOMES):
        table.cell(1, c).merge(table.cell(2, c))
        _set(table.cell(1, c), outcome, bold=True)
    table.cell(1, 5).merge(table.cell(1, 9))
    _set(table.cell(1, 5), tables.DIRECT, bold=True)
    table.cell(1, 10).merge(table.cell(1, 14))
    _set(table.cell(1, 10), tables.AFTER_REVIEW, bold=True)
    for c in range(10):
        _set(table.cell(2, 5 + c), tables.OUTCOMES[c % 5], bold=True)
    for c, number in enumerate(numbers):
        _set(table.cell(3, c), number)


def to_docx(report):
    document = new_document()
    add_title(document, report.title)
    add_paragraph(
        document,
        f"本报告根据《中华人民共和国政府信息公开条例》第五十条规定编制，报告期为 {report.year} 年 1 月 1 日"
        f"至 12 月 31 日。",
    )
    builders = {1: _table_two, 2: _table_three, 3: _table_four}
    texts = {0: report.overview, 4: report.problems, 5: report.other_matters}
    for index, title in enumerate(SECTIONS):
        add_heading(document, title, level=1)
        if index in builders:
            builders[index](document, report)
        else:
            _paragraphs(document, texts[index])
    return document_bytes(document)
