"""
Shared helpers for the import tests: records, real template workbooks, and a reader stand-in.

Workbooks are written by the real template writer (spreadsheet.catalogue_writer). While the
workbook reader is still an interface stub, `use_reader` swaps in a tiny stand-in that reads
exactly that writer's layout; once the real reader reads it, the real reader is used.
"""

import functools

import pytest

from catalogue.channels import STANDARD_CHANNELS
from spreadsheet import catalogue_reader
from spreadsheet.catalogue_reader import CatalogueRow, CatalogueSheet
from spreadsheet.catalogue_writer import FIRST_DATA_ROW, NOTES_TITLE, write_catalogue
from spreadsheet.errors import SpreadsheetError
from spreadsheet.workbook import open_workbook


def record(n, **overrides):
    """A valid item record, distinct per `n`."""
    rec = {
        "number": n,
        "level1": "最低生活保障",
        "level2": f"事项{n:03d}",
        "content": "办理事项、办理条件、申请材料",
        "basis": "《社会救助暂行办法》（国务院令第649号）",
        "deadline": "制定或获取信息之日起10个工作日内",
        "issuing_body": "县级人民政府民政部门",
        "channels": ["政府网站", "公开查阅点"],
        "other_channels": [],
        "audience": ["全社会"],
        "mode": ["主动公开"],
        "level": ["县级"],
    }
    rec.update(overrides)
    return rec


def records(count, start=1):
    return [record(n) for n in range(start, start + count)]


def workbook(recs, domain_name="社会救助"):
    """The .xlsx bytes of `recs` in the national template layout."""
    return write_catalogue(recs, domain_name=domain_name)


def write_file(tmp_path, recs, name="catalogue.xlsx"):
    path = tmp_path / name
    path.write_bytes(workbook(recs))
    return path


def standin_read_catalogue(file, *, known_channels=None):
    """Read the writer's layout: two header rows, data from row 5 down to the notes."""
    wb = open_workbook(file, read_only=False)
    ws = wb.worksheets[0]
    if ws.cell(FIRST_DATA_ROW - 2, 1).value != "序号":
        raise SpreadsheetError("未找到表头", sheet=ws.title)
    rows, notes = [], []
    level1 = ""
    for row in range(FIRST_DATA_ROW, ws.max_row + 1):
        values = [ws.cell(row, col).value for col in range(1, 15)]
        if values[0] == NOTES_TITLE:
            break
        level1 = values[1] or level1
        marks = (values[7] or "").replace("\n", " ").split()
        chosen = [m[1:] for m in marks if m.startswith("■")]
        rec = {
            "number": values[0] or 0,
            "level1": level1,
            "level2": values[2] or "",
            "content": values[3] or "",
            "basis": values[4] or "",
            "deadline": values[5] or "",
            "issuing_body": values[6] or "",
            "channels": [name for name in chosen if name in STANDARD_CHANNELS],
            "other_channels": [name for name in chosen if name not in STANDARD_CHANNELS],
        }
        for key, labels, cols in (
            ("audience", ("全社会", "特定群体"), (8, 9)),
            ("mode", ("主动公开", "依申请公开"), (10, 11)),
            ("level", ("县级", "乡级"), (12, 13)),
        ):
            rec[key] = [label for label, col in zip(labels, cols, strict=True) if values[col]]
            if not rec[key]:
                rec[key] = [labels[0]]
                notes.append(f"第 {row} 行未填写公开{key}，按{labels[0]}处理")
        rows.append(CatalogueRow(ws.title, row, rec))
    return CatalogueSheet(ws.title, rows=rows, notes=notes)


@functools.cache
def real_reader_ready():
    try:
        sheet = catalogue_reader.read_catalogue(workbook([record(1)]))
    except Exception:
        return False
    return len(sheet.rows) == 1


@pytest.fixture
def use_reader(monkeypatch):
    """The real workbook reader once it reads the template; the stand-in until then."""
    if not real_reader_ready():
        monkeypatch.setattr(catalogue_reader, "read_catalogue", standin_read_catalogue)
