"""
Formula injection: text a person typed or imported that starts like a formula (= + - @, a tab
or carriage return, the full-width ＝ ＋ － ＠) is written by every export as text, never as
something a spreadsheet program computes.

The files are read back with openpyxl (xlsx) and the csv module; a static check makes sure no
module writes a workbook, a CSV or a Word file except through sitewide, and that each module
that writes one is listed in tests/sitewide/exports.py, so a new export is tested here too.
"""

import ast
import csv
import io
from pathlib import Path

import openpyxl
import pytest

from tests.sitewide.exports import EXPORTS, files_of_a_module

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","台账")', "+1", "-1+2", "@SUM(A1)", "＝1+1", "\t=2"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
ROOT = Path(__file__).resolve().parents[2]
WRITERS = {"sitewide.xlsx", "sitewide.csvfile", "sitewide.word"}
# Names that make a new file: only the modules in WRITERS may call them.
CONSTRUCTORS = {"Workbook", "writer", "DictWriter", "Document"}
# What a module calls to write a file through sitewide.
SITEWIDE_WRITERS = {
    "new_workbook",
    "workbook_bytes",
    "csv_bytes",
    "csv_text",
    "new_document",
    "document_bytes",
}


def cells(data):
    for ws in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            yield from row


@pytest.fixture(scope="module")
def files(django_db_setup, django_db_blocker):
    return files_of_a_module(django_db_blocker, HOSTILE)


def test_no_xlsx_export_holds_a_formula_and_the_text_is_kept(files):
    for name, data in files.items():
        if not name.endswith(".xlsx"):
            continue
        found = set()
        for cell in cells(data):
            assert cell.data_type != "f", (name, cell.coordinate, cell.value)
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                # Excel's quote prefix: shown as typed, and typing in it does not compute.
                assert cell.quotePrefix, (name, cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert not cell.value.startswith("'"), (name, cell.coordinate, cell.value)
                found |= {text for text in HOSTILE if text.strip() in cell.value}
        assert found, f"{name} carries none of the texts fed in"


def test_csv_exports_prefix_formula_looking_text_with_an_apostrophe(files):
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        fields = [field for row in rows for field in row]
        for field in fields:
            assert not field.startswith(FORMULA_START), (name, field)
        assert {f"'{text}" for text in HOSTILE} & set(fields), name


def test_numbers_stay_numbers(files):
    from sitewide.xlsx import new_workbook, set_text, workbook_bytes

    ws = openpyxl.load_workbook(io.BytesIO(files["statistics.xlsx"])).active
    assert isinstance(ws.cell(3, 2).value, int) and ws.cell(3, 2).data_type == "n"
    wb = new_workbook()
    ws = wb.active
    set_text(ws["A1"], -1)
    set_text(ws["A2"], -2.5)
    ws["A3"] = "=1+1"  # even written past set_text, the file holds no formula
    ws.print_title_rows = "1:1"
    back = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb))).active
    assert back["A1"].value == -1 and back["A1"].data_type == "n"
    assert back["A2"].value == -2.5
    assert back["A3"].value == "=1+1" and back["A3"].data_type == "s"


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"tests", "bench", "node_modules", ".venv"} or "migrations" in parts:
            continue
        if parts[0].startswith("."):
            continue
        yield ".".join(parts)[: -len(".py")], ast.parse(path.read_text(encoding="utf-8"))


def _called(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "Document" and node.args:
                continue  # docx.Document(file) reads a file
            yield name


def test_every_file_is_written_through_sitewide_and_every_writer_is_tested():
    writers = set()
    for module, tree in _modules():
        called = set(_called(tree))
        if module not in WRITERS:
            assert not called & CONSTRUCTORS, (
                f"{module} makes a file itself: {called & CONSTRUCTORS}"
            )
        if called & SITEWIDE_WRITERS and module not in WRITERS:
            writers.add(module.removesuffix(".__init__"))
    assert writers == set(EXPORTS), "add the new export to tests/sitewide/exports.py"
