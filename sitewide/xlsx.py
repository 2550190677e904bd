"""
Writing the xlsx files the portal hands out: the shared look (宋体, thin borders, wrapped
cells), literal text that no spreadsheet program computes, A4 landscape printing and the bytes.
Every export (the catalogue, the column table, the self-check list) writes with these.
"""

from io import BytesIO

from openpyxl.styles import Alignment, Border, Side

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
WRAP_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text):
    """True when a spreadsheet program would take `text` for a formula if typed in."""
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


def escape_csv(value):
    """Prefix formula-looking text with an apostrophe, as spreadsheet programs expect."""
    return f"'{value}" if looks_like_formula(value) else value


def set_text(cell, value):
    """
    Write `value` as a literal: formula-looking text stays a string with Excel's quote prefix.

    openpyxl would store "=…" as a formula; a workbook handed out by the bureau must never
    compute anything a row of imported text smuggled in.
    """
    cell.value = None if value == "" else value
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def fit_a4_landscape(ws, title_rows):
    """Print A4 landscape, one page wide, with `title_rows` (e.g. "1:1") on every page."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows


def workbook_bytes(wb):
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
