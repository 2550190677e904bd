"""
The printed catalogue (A4 landscape): a level-1 block is never cut by a page break, or, when it
is taller than a page, its name is repeated at the top of the next page.

Read back with openpyxl (row breaks and merges), and printed by LibreOffice when it is installed:
the PDF then has exactly the pages the manual breaks make, so no automatic break of the
spreadsheet program falls inside a block.
"""

import io
import re
import shutil
import subprocess

import openpyxl

from catalogue.sheet_writer import FIRST_DATA_ROW, write_catalogue
from tests.spreadsheet.builders import record

LONG = "办理事项、办理条件、申请材料、办理流程、办理时限、收费标准、咨询方式、监督投诉渠道。" * 3


def catalogue(blocks):
    """Records in level-1 blocks of the given sizes, with long contents (tall rows)."""
    records = []
    for block, size in enumerate(blocks, start=1):
        for n in range(size):
            records.append(
                record(number=len(records) + 1, level1=f"救助事项{block}", level2=f"子项{n + 1}",
                       content=LONG)
            )  # fmt: skip
    return records


def sheet_of(data):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def breaks(ws):
    return sorted(brk.id for brk in ws.row_breaks.brk)


def level1_merges(ws):
    return sorted(
        (r.min_row, r.max_row) for r in ws.merged_cells.ranges if r.min_col == r.max_col == 2
    )


BLOCKS = [3, 5, 2, 6, 4, 3, 5, 2, 4, 6, 3, 5]


def test_no_level1_block_is_cut_by_a_page_break():
    ws = sheet_of(write_catalogue(catalogue(BLOCKS), domain_name="社会救助"))
    cuts = breaks(ws)
    assert cuts, "the catalogue is several pages long"
    for first, last in level1_merges(ws):
        assert not any(first <= cut < last for cut in cuts), (first, last, cuts)
    for cut in cuts:  # every page starts with the name of its level-1 item
        assert ws.cell(cut + 1, 2).value


def test_a_block_taller_than_a_page_repeats_its_name_on_the_next_page():
    ws = sheet_of(write_catalogue(catalogue([2, 40, 2]), domain_name="社会救助"))
    cuts = breaks(ws)
    inside = [cut for cut in cuts if FIRST_DATA_ROW + 2 <= cut < FIRST_DATA_ROW + 41]
    assert inside, cuts
    for cut in inside:
        assert ws.cell(cut + 1, 2).value == "救助事项2"
    for first, last in level1_merges(ws):
        assert not any(first <= cut < last for cut in cuts)


def test_the_printed_pages_are_the_ones_the_breaks_make(tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice Calc is missing: `make test` installs it (libreoffice-calc)"
    data = write_catalogue(catalogue(BLOCKS), domain_name="社会救助")
    (tmp_path / "catalogue.xlsx").write_bytes(data)
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "catalogue.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = (tmp_path / "catalogue.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(breaks(sheet_of(data))) + 1
