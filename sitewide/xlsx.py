"""
Writing the xlsx files the portal hands out, the one way every export does it: the shared look
(宋体, thin borders, wrapped cells), cells that never compute, one page setup for printing (A4
landscape, one page wide, print titles) and rows high enough for their wrapped text.

    wb = new_workbook()
    set_text(ws.cell(1, 1), title)
    print_setup(ws, title_rows="2:2")
    return workbook_bytes(wb)

`workbook_bytes` is the last word on every cell: whatever an export wrote, formula-looking text
leaves as a literal, and a row whose height the export did not set gets one from its text.
"""

import math
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from sitewide.literal import looks_like_formula

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
WRAP_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_TOP = Alignment(vertical="top", wrap_text=True)

DEFAULT_FONT_SIZE = 11
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's, in characters of the default font
LINE_SPACING = 1.4  # a printed line is this many times the font size, in points
ROW_PADDING = 4  # points above and below the text
MAX_ROW_HEIGHT = 409  # Excel's limit, in points
# Margins in inches: narrow, as the bureau prints its tables.
MARGIN_SIDE, MARGIN_TOP_BOTTOM = 0.4, 0.5


def new_workbook():
    """An empty workbook with one sheet: the start of every export."""
    return Workbook()


def set_text(cell, value):
    """
    Write `value` as a literal: formula-looking text stays a string with Excel's quote prefix.

    openpyxl would store "=…" as a formula; a workbook handed out by the bureau must never
    compute anything a row of imported text smuggled in. Numbers stay numbers.
    """
    cell.value = None if value == "" else value
    _literal(cell)
    return cell


def _literal(cell):
    if cell.data_type == "f" or looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_header(ws, row, headings, *, size=DEFAULT_FONT_SIZE):
    """A table's header row from column A: bold, centred, wrapped and bordered."""
    font = Font(name=FONT_NAME, size=size, bold=True)
    for col, heading in enumerate(headings, start=1):
        cell = set_text(ws.cell(row, col), heading)
        cell.font = font
        cell.alignment = WRAP_CENTRE
        cell.border = BORDER


def print_setup(ws, *, title_rows, title_cols=None, scale=None):
    """
    Print `ws` on A4 landscape, one page wide and as many tall as it takes, with `title_rows`
    (e.g. "2:2") and, for a table too wide to read without its row labels, `title_cols`
    (e.g. "A:A") repeated on every page.

    `scale` (percent) replaces fitting to the width, for a sheet with manual page breaks
    (spreadsheet programs ignore them under fit-to-page); its writer computes a scale that fits.
    """
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = scale
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_TOP_BOTTOM


def text_width(text):
    """Display width in column units: CJK and full-width characters count twice."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def line_count(text, width, size=DEFAULT_FONT_SIZE):
    """The lines `text` wraps to in a column `width` characters wide, at `size` points."""
    capacity = max(1, (width - 1) * min(1.0, DEFAULT_FONT_SIZE / size))
    return sum(max(1, math.ceil(text_width(line) / capacity)) for line in str(text).split("\n"))


def line_height(size=DEFAULT_FONT_SIZE):
    """Points one printed line of `size`-point text takes."""
    return size * LINE_SPACING


def _column_width(ws, col):
    letter = get_column_letter(col)
    if letter in ws.column_dimensions and ws.column_dimensions[letter].width:
        return ws.column_dimensions[letter].width
    return DEFAULT_COLUMN_WIDTH


def fit_row_heights(ws):
    """
    Give each row without a height one that holds its tallest cell's text, wrapped to the
    column's width (or the merged columns' widths), so printed rows never overlap.

    Spreadsheet programs size rows on typing, not on opening a file, so a wrapped cell written
    by a program keeps one line's height and prints over the rows below it.
    """
    spans = {}
    for merged in ws.merged_cells.ranges:
        if merged.min_row == merged.max_row:
            spans[(merged.min_row, merged.min_col)] = range(merged.min_col, merged.max_col + 1)
        else:  # text spread over several rows: no one row has to hold it
            spans[(merged.min_row, merged.min_col)] = None
    for row in ws.iter_rows():
        if not row or ws.row_dimensions[row[0].row].height:
            continue
        height = 0
        for cell in row:
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            columns = spans.get((cell.row, cell.column), [cell.column])
            if columns is None:
                continue
            size = cell.font.sz or DEFAULT_FONT_SIZE
            lines = 1
            if cell.alignment.wrap_text:
                width = sum(_column_width(ws, col) for col in columns)
                lines = line_count(cell.value, width, size)
            height = max(height, lines * line_height(size) + ROW_PADDING)
        if height:
            ws.row_dimensions[row[0].row].height = min(MAX_ROW_HEIGHT, round(height, 1))


def workbook_bytes(wb):
    """The .xlsx bytes of `wb`, every cell a literal and every row high enough for its text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell, MergedCell):
                    _literal(cell)
        fit_row_heights(ws)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
