"""
Printing every xlsx export: A4 landscape, one page wide (fit to width, any number of pages
tall), the header rows (and for wide tables the row labels) repeated on every page, and rows
high enough for their wrapped text, so nothing is printed over the next row.

Read back with openpyxl; the ledger, whose eight columns used to print over three pages, is
printed by LibreOffice Calc and must come out one page wide.
"""

import io
import math

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests.sitewide.exports import files_of_a_module, ledger_files, print_to_pdf

pytestmark = pytest.mark.django_db

LONG = "按照省民政厅统一部署，及时公开养老服务扶持政策措施清单、办事指南和监督投诉渠道等信息。" * 2
TEXTS = [LONG, "短文本", f"{LONG}\n第二行"]
A4 = "9"  # openpyxl's paperSize for A4
# Wide tables whose row labels are repeated on every printed page as well.
LABEL_COLUMNS = {"statistics.xlsx": "$A:$A"}


@pytest.fixture(scope="module")
def workbooks(django_db_setup, django_db_blocker):
    built = files_of_a_module(django_db_blocker, TEXTS)
    return {
        name: openpyxl.load_workbook(io.BytesIO(data))
        for name, data in built.items()
        if name.endswith(".xlsx") and name != "demo.xlsx"  # demo data, not an export
    }


def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_titles(workbooks):
    for name, wb in workbooks.items():
        for ws in wb.worksheets:
            setup = ws.page_setup
            where = f"{name} / {ws.title}"
            assert str(setup.paperSize) == A4, where
            assert setup.orientation == "landscape", where
            if ws.sheet_properties.pageSetUpPr.fitToPage:
                assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), where
            else:  # the catalogue: a fixed scale that fits the width, so its page breaks hold
                assert name.startswith("catalogue") and setup.scale, where
            assert ws.print_title_rows, where
            assert ws.print_title_cols == LABEL_COLUMNS.get(name), where


def _width(text):
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _widths(ws):
    merged = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == rng.max_row:
            merged[(rng.min_row, rng.min_col)] = range(rng.min_col, rng.max_col + 1)
    return merged


def test_wrapped_rows_are_high_enough_for_their_text(workbooks):
    for name, wb in workbooks.items():
        for ws in wb.worksheets:
            merged = _widths(ws)
            for row in ws.iter_rows():
                for cell in row:
                    if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                        continue
                    cols = merged.get((cell.row, cell.column), [cell.column])
                    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in cols)
                    lines = sum(
                        max(1, math.ceil(_width(line) / width)) for line in cell.value.split("\n")
                    )
                    size = cell.font.sz or 11
                    height = ws.row_dimensions[cell.row].height
                    assert height and height >= lines * size, (name, cell.coordinate, height)


def test_the_ledger_prints_one_page_wide_on_a4_landscape(tmp_path):
    data = ledger_files(["第一项要求", "第二项要求", "第三项要求"])["ledger.xlsx"]
    pages, boxes = print_to_pdf(tmp_path, "ledger.xlsx", data)
    assert pages == 1  # three short rows: every column on the one page (were three pages)
    assert boxes == {(0, 0, 842, 595)}  # A4 landscape in points
