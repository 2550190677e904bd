"""
Write a catalogue as a workbook in the national template's own layout (基层政务公开事项标准目录格式
模板, 附件2), plus the 公开层级 columns that real county catalogues add.

The writer works on item records (catalogue/records.py), not on models, so the same code serves
the admin, the command and the public download, and the workbook reads back through the importer.
"""

import math

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from catalogue.channels import OTHER, STANDARD_CHANNELS
from catalogue.records import SET_FIELDS, TEXT_FIELDS, ticks_other
from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    MARGIN_SIDE,
    MARGIN_TOP_BOTTOM,
    WRAP_CENTRE,
    WRAP_LEFT,
    line_count,
    new_workbook,
    print_setup,
    set_text,
    workbook_bytes,
)

CHOSEN = "■"
NOT_CHOSEN = "□"
TICK = "√"

# (heading, sub-headings, width, record key for the √ columns). A heading without sub-headings
# spans both header rows.
HEADER = (
    ("序号", (), 6),
    ("公开事项", ("一级事项", "二级事项"), 14),
    ("公开内容（要素）", (), 36),
    ("公开依据", (), 34),
    ("公开时限", (), 20),
    ("公开主体", (), 20),
    ("公开渠道和载体", (), 34),
    ("公开对象", ("全社会", "特定群体"), 7),
    ("公开方式", ("主动公开", "依申请公开"), 7),
    ("公开层级", ("县级", "乡级"), 7),
)
# (record key, labels of its √ sub-columns), e.g. ("audience", ("全社会", "特定群体")).
TICK_GROUPS = tuple((key, tuple(label for _, label in flags)) for key, flags in SET_FIELDS)
COLUMN_COUNT = sum(max(1, len(subs)) for _, subs, _ in HEADER)

# The template prints the 13 standard channels two to a line, the long 公示栏 alone.
CHANNEL_LINES = tuple(
    tuple(STANDARD_CHANNELS[i] for i in line)
    for line in ((0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10,), (11, 12))
)

# The notes under seed 003's template, in Simplified characters; note 7 fixes 全社区 to 全社会.
NOTES_TITLE = "注释："
NOTES = (
    "1.公开事项：指某个具体应公开事项的名称。",
    "2.事项内容：根据法律法规和政府文件确定的该类政务公开信息的内容要求。",
    "3.公开时限：《中华人民共和国政府信息公开条例》规定属于主动公开范围的政府信息，应当自该政府"
    "信息形成或变更之日起20个工作日内予以公开。法律、法规对政府信息公开的期限另有规定的，从其规定。",
    "4.公开主体：是指制作、产生该类政务公开信息的行政机关名称。",
    "5.公开渠道和载体：指该类政务公开信息发布的平台，例如政府网站、政府公报、两微一端、广播电视、"
    "发布会/听证会、纸质媒体、公开查阅点、政务服务中心、便民服务站、入户/现场、社区/企事业单位/"
    "村公示栏（电子屏）、精准推送、其他等。其中政府网站为信息发布第一平台，其余平台或场所可根据"
    "实际情况自行选择。",
    "6.公开方式：指该类政务公开信息发布的方式，如主动公开、依申请公开。",
    "7.公开对象：该类信息公开面对的群体，如全社会、特定群体。",
)

TITLE_ROW = 1
SUBTITLE_ROW = 2
HEADER_ROWS = (3, 4)
FIRST_DATA_ROW = 5

LINE_HEIGHT = 14  # points per line of 10-point text

# Print: A4 landscape (297 × 210 mm) with the shared margins (sitewide.xlsx), at one fixed scale
# that fits the width. A fixed scale, not "fit to width": spreadsheet programs ignore manual page
# breaks under fit-to-page, and the breaks are what keep a level-1 block on one page.
PAGE_WIDTH_PT, PAGE_HEIGHT_PT = 297 / 25.4 * 72, 210 / 25.4 * 72
# A column of width w is 7w + 5 pixels in Excel (Calibri 11, the workbook's default font) but
# nearer 9.5w + 5 in LibreOffice's substitute font; the scale takes the wider, or LibreOffice
# prints every page in two halves.
CHARACTER_PX = 9.5
PRINT_SCALE = math.floor(
    100
    * (PAGE_WIDTH_PT - 2 * 72 * MARGIN_SIDE)
    / (sum((CHARACTER_PX * width + 5) * max(1, len(subs)) for _, subs, width in HEADER) * 0.75)
)
# Printed height of a page in sheet points, with a tenth kept spare for the programs' rounding.
PAGE_ROWS_PT = 0.9 * (PAGE_HEIGHT_PT - 2 * 72 * MARGIN_TOP_BOTTOM) * 100 / PRINT_SCALE


def channel_cell_text(record):
    """
    The template's channel cell: every standard channel boxed ■/□, then ■ for local ones.

    ■其他 is ticked whenever the item has local channels, as on the catalogue page.
    """
    chosen = set(record.get("channels", []))
    if ticks_other(record):
        chosen.add(OTHER)
    lines = [
        " ".join(f"{CHOSEN if name in chosen else NOT_CHOSEN}{name}" for name in line)
        for line in CHANNEL_LINES
    ]
    extras = [name for name in record.get("channels", []) if name not in STANDARD_CHANNELS]
    extras += list(record.get("other_channels", []))
    for start in range(0, len(extras), 2):
        lines.append(" ".join(f"{CHOSEN}{name}" for name in extras[start : start + 2]))
    return "\n".join(lines)


def _column_widths():
    widths = []
    for _, subs, width in HEADER:
        widths += [width] * max(1, len(subs))
    return widths


def _write_header(ws, font):
    top, bottom = HEADER_ROWS
    col = 1
    for heading, subs, _ in HEADER:
        span = max(1, len(subs))
        set_text(ws.cell(top, col), heading)
        if subs:
            if span > 1:
                ws.merge_cells(
                    start_row=top, start_column=col, end_row=top, end_column=col + span - 1
                )
            for offset, sub in enumerate(subs):
                set_text(ws.cell(bottom, col + offset), sub)
        else:
            ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
        col += span
    for row in HEADER_ROWS:
        ws.row_dimensions[row].height = 3 * LINE_HEIGHT + 4
        for col in range(1, COLUMN_COUNT + 1):
            cell = ws.cell(row, col)
            cell.font = font
            cell.alignment = WRAP_CENTRE
            cell.border = BORDER


def tick_cells(record):
    """The record's 公开对象/方式/层级 as one √ or blank cell per sub-column."""
    cells = []
    for key, labels in TICK_GROUPS:
        chosen = set(record.get(key, []))
        cells += [TICK if label in chosen else "" for label in labels]
    return cells


def _row_values(record):
    values = [record.get("number") or None]
    values += [record.get(key) or "" for key in TEXT_FIELDS]
    values.append(channel_cell_text(record))
    return values + tick_cells(record)


def level1_runs(names):
    """
    The runs of rows sharing a level-1 name, as (first, last) offsets: the template's merges.

    `names` are (level1, level2) pairs. A row without a level-2 name starts a run of its own:
    the reader lends the name above only to a row with a level-2 name.
    """
    runs = []
    for index, (level1, level2) in enumerate(names):
        if runs and level1 and level2 and level1 == names[runs[-1][0]][0]:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return [tuple(run) for run in runs]


def paginate(runs, heights, first_page, other_pages):
    """
    Page breaks that keep each run of rows on one page, and the runs' pieces per page.

    `heights` are the rows' heights in points; the first page holds `first_page` points of
    rows, the others `other_pages` (the repeated header takes the rest). A run that fits on a
    page starts a new page when it does not fit on this one; a taller run is cut where the
    page ends, and each piece is its own merge with the name. Return (breaks, pieces): the
    offsets of the rows a page ends with, and (first, last) offsets of the pieces.
    """
    breaks, pieces = [], []
    room, used = first_page, 0  # what is left of this page, and what its rows take

    def new_page(after):
        nonlocal room, used
        breaks.append(after)
        room, used = other_pages, 0

    for first, last in runs:
        height = sum(heights[first : last + 1])
        if used and height > room and height <= other_pages:
            new_page(first - 1)
        start = first
        for row in range(first, last + 1):
            if used and heights[row] > room:
                new_page(row - 1)
                if row > start:
                    pieces.append((start, row - 1))
                    start = row
            room -= heights[row]
            used += heights[row]
        pieces.append((start, last))
    return breaks, pieces


def _merge_level1(ws, pieces, names):
    """Merge each piece of a level-1 run down column B, its name in its top cell."""
    for first, last in pieces:
        set_text(ws.cell(FIRST_DATA_ROW + first, 2), names[first])
        if last > first:
            ws.merge_cells(
                start_row=FIRST_DATA_ROW + first,
                start_column=2,
                end_row=FIRST_DATA_ROW + last,
                end_column=2,
            )


def add_catalogue_sheet(wb, records, *, domain_name, bureau_name=""):
    """Add one domain's catalogue to `wb` as a sheet in the template layout; return the sheet."""
    ws = wb.create_sheet(_sheet_title(domain_name, wb))
    widths = _column_widths()
    last_col = get_column_letter(COLUMN_COUNT)
    body_font = Font(name=FONT_NAME, size=10)

    set_text(ws.cell(TITLE_ROW, 1), f"{domain_name}领域基层政务公开标准目录")
    ws.cell(TITLE_ROW, 1).font = Font(name=FONT_NAME, size=16, bold=True)
    ws.cell(TITLE_ROW, 1).alignment = WRAP_CENTRE
    ws.merge_cells(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
    ws.row_dimensions[TITLE_ROW].height = 30
    set_text(ws.cell(SUBTITLE_ROW, 1), f"编制单位：{bureau_name}" if bureau_name else "")
    ws.cell(SUBTITLE_ROW, 1).font = Font(name=FONT_NAME, size=11)
    ws.cell(SUBTITLE_ROW, 1).alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(f"A{SUBTITLE_ROW}:{last_col}{SUBTITLE_ROW}")
    ws.row_dimensions[SUBTITLE_ROW].height = 20

    _write_header(ws, Font(name=FONT_NAME, size=10, bold=True))

    text_cols = range(2, 2 + len(TEXT_FIELDS) + 1)  # level1 … issuing body, then channels
    heights = []
    for offset, record in enumerate(records):
        row = FIRST_DATA_ROW + offset
        values = _row_values(record)
        for col, value in enumerate(values, start=1):
            cell = set_text(ws.cell(row, col), value)
            cell.font = body_font
            cell.border = BORDER
            cell.alignment = WRAP_LEFT if col in text_cols else WRAP_CENTRE
        lines = max(
            line_count(value, widths[col - 1], size=10)
            for col, value in enumerate(values, start=1)
            if col in text_cols and col != 2
        )
        heights.append(lines * LINE_HEIGHT + 6)
        ws.row_dimensions[row].height = heights[-1]
    names = [(r.get("level1") or "", r.get("level2") or "") for r in records]
    header = sum(ws.row_dimensions[row].height for row in HEADER_ROWS)
    titles = sum(ws.row_dimensions[row].height for row in (TITLE_ROW, SUBTITLE_ROW))
    breaks, pieces = paginate(
        level1_runs(names), heights, PAGE_ROWS_PT - header - titles, PAGE_ROWS_PT - header
    )
    _merge_level1(ws, pieces, [level1 for level1, _ in names])
    for offset in breaks:
        ws.row_breaks.append(Break(id=FIRST_DATA_ROW + offset))

    notes_row = FIRST_DATA_ROW + len(records)
    total_width = sum(widths)
    for offset, text in enumerate((NOTES_TITLE, *NOTES)):
        row = notes_row + offset
        cell = set_text(ws.cell(row, 1), text)
        cell.font = Font(name=FONT_NAME, size=10, bold=offset == 0)
        cell.alignment = WRAP_LEFT
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=COLUMN_COUNT)
        ws.row_dimensions[row].height = line_count(text, total_width, size=10) * LINE_HEIGHT + 4

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws, f"A1:{last_col}{notes_row + len(NOTES)}")
    return ws


def _print_setup(ws, area):
    """The two header rows on every page, at the fixed print scale that keeps the breaks."""
    print_setup(ws, title_rows=f"{HEADER_ROWS[0]}:{HEADER_ROWS[1]}", scale=PRINT_SCALE)
    ws.print_area = area


def _sheet_title(name, wb):
    """A valid, unique sheet title: at most 31 characters, none of []:*?/\\."""
    title = "".join("_" if char in "[]:*?/\\" else char for char in name)[:31] or "目录"
    base, n = title, 2
    while title in wb.sheetnames:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def catalogue_workbook(catalogues, *, bureau_name=""):
    """A workbook with one template sheet per (domain name, records) pair."""
    wb = new_workbook()
    wb.remove(wb.active)
    for domain_name, records in catalogues:
        add_catalogue_sheet(wb, records, domain_name=domain_name, bureau_name=bureau_name)
    if not wb.worksheets:
        wb.create_sheet("目录")
    return wb


def write_catalogue(records, *, domain_name, bureau_name=""):
    """Return the .xlsx bytes of one domain's catalogue in the template layout."""
    return workbook_bytes(catalogue_workbook([(domain_name, records)], bureau_name=bureau_name))
