"""
The self-check list as a workbook to send round the offices: the national website check's
verdict on top, as the page shows it, then one row per problem, by office.

Titles of documents and items are typed by clerks or imported from files, so every cell is
written as a literal (sitewide.xlsx.set_text): nothing in the list computes.
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

HEADER = ("序号", "责任科室", "问题类型", "对象", "问题说明", "修改链接")
WIDTHS = (6, 16, 20, 36, 60, 48)
TITLE_ROW = 1
# The verdict block: its caption, its header, one row per criterion of the national check.
VERDICT_ROW = 2
VERDICT_HEADER = ("检查项", "标准", "本站", "结果")
# Where each verdict column is written: 检查项 spans the narrow 序号 and 责任科室 columns.
VERDICT_COLUMNS = ((1, 2), (3, 4), (5, 5), (6, 6))


def verdict_caption(verdict):
    """The verdict's caption, as the top of the self-check page words it."""
    return f"国家政府网站抽查（单项否决）：{verdict.label}（全站）"


def title(bureau_name, today, office=""):
    """
    The sheet's title: the unit's name first; a list filtered to one office names it too, so a
    forwarded file says whose list it is.
    """
    scope = f"（{office}）" if office else ""
    return f"{bureau_name}政务公开自查问题清单{scope}（{today.isoformat()}）"


def filename(today, office="", unit_name=""):
    """The file's name: the unit's and the office's, so files from several units stay apart."""
    prefix = "".join(f"{part}-" for part in (unit_name, office) if part)
    return f"政务公开自查问题清单-{prefix}{today.isoformat()}.xlsx"


def write_verdict(ws, verdict, row):
    """
    Write `verdict` (rules.Verdict) from `row` on: a caption with 合格 / 不合格, then each
    criterion's threshold, the site's count and its result (a failed one in bold). Return the
    first row after it.
    """
    caption = set_text(ws.cell(row, 1), verdict_caption(verdict))
    caption.font = Font(name=FONT_NAME, size=12, bold=True)
    caption.alignment = WRAP_LEFT
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADER))
    rows = [(VERDICT_HEADER, Font(name=FONT_NAME, size=11, bold=True))] + [
        (
            (criterion.label, criterion.threshold, criterion.count, criterion.result),
            Font(name=FONT_NAME, size=10, bold=criterion.failed),
        )
        for criterion in verdict.criteria
    ]
    for offset, (values, font) in enumerate(rows, start=1):
        for value, (first, last) in zip(values, VERDICT_COLUMNS, strict=True):
            for col in range(first, last + 1):
                ws.cell(row + offset, col).border = BORDER
            cell = set_text(ws.cell(row + offset, first), value)
            cell.font = font
            cell.alignment = WRAP_CENTRE if offset == 1 or first > 1 else WRAP_LEFT
            if last > first:
                ws.merge_cells(
                    start_row=row + offset,
                    start_column=first,
                    end_row=row + offset,
                    end_column=last,
                )
    return row + len(rows) + 1


def problems_workbook(groups, *, verdict, bureau_name, today, absolute_url, office=""):
    """
    A workbook of the national `verdict` (rules.Verdict, as on the page) and of `groups`
    ([(office, [Problem])], as rules.group_by_office gives them).

    `absolute_url` turns a fix URL into one that works from the file (the request's host).
    """
    wb = new_workbook()
    ws = wb.active
    ws.title = "自查问题清单"
    title_cell = set_text(ws.cell(TITLE_ROW, 1), title(bureau_name, today, office))
    title_cell.font = Font(name=FONT_NAME, size=14, bold=True)
    title_cell.alignment = WRAP_CENTRE
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(HEADER))
    ws.row_dimensions[TITLE_ROW].height = 28
    header_row = write_verdict(ws, verdict, VERDICT_ROW) + 1  # a blank row between the blocks
    first_data_row = header_row + 1
    write_header(ws, header_row, HEADER)
    body_font = Font(name=FONT_NAME, size=10)
    row = first_data_row
    for office, problems in groups:
        for problem in problems:
            link = absolute_url(problem.fix_url) if problem.fix_url else ""
            values = (
                row - first_data_row + 1,
                f"{office}：{problem.owner_note}" if problem.owner_note else office,
                problem.rule_label,
                problem.subject,
                problem.detail_text,
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
    ws.freeze_panes = ws.cell(first_data_row, 1).coordinate
    print_setup(ws, title_rows=f"{header_row}:{header_row}")
    return wb


def write_problems(groups, **kwargs):
    """Return the .xlsx bytes of the list."""
    return workbook_bytes(problems_workbook(groups, **kwargs))
