"""Workbooks are XML: openpyxl reads their sheets through defusedxml, which refuses entities."""

import io
import zipfile

import openpyxl
import pytest

from spreadsheet.errors import SpreadsheetError
from spreadsheet.workbook import open_workbook


def workbook_with_an_entity():
    """A valid workbook whose sheet declares an entity (the seed of a 'billion laughs')."""
    book = openpyxl.Workbook()
    book.active["A1"] = "标题"
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = data.decode().replace("标题", "&lol;")
                data = f'<!DOCTYPE worksheet [<!ENTITY lol "哈哈哈哈">]>{body}'.encode()
            target.writestr(info, data)
    return out.getvalue()


def test_openpyxl_reads_sheets_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_sheet_declaring_an_xml_entity_is_refused_in_chinese():
    with pytest.raises(SpreadsheetError, match="工作簿内容已损坏"):
        open_workbook(workbook_with_an_entity())
