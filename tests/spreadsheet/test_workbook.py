"""Safe opening: every bad upload ends in a SpreadsheetError staff can act on."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from spreadsheet.errors import SpreadsheetError
from spreadsheet.workbook import merged_cells, open_workbook
from tests.spreadsheet.builders import (
    ole2_bytes,
    record,
    rows_workbook,
    sample_records,
    template_workbook,
    zip_bytes,
)


def error_for(data):
    with pytest.raises(SpreadsheetError) as caught:
        open_workbook(data)
    return str(caught.value)


def test_error_message_names_sheet_row_and_column():
    error = SpreadsheetError(
        "未知的公开渠道“征地平台X”", sheet="社会救助", row=7, column="公开渠道和载体"
    )
    assert str(error) == "工作表“社会救助”第 7 行“公开渠道和载体”列：未知的公开渠道“征地平台X”。"
    assert str(SpreadsheetError("文件是空的")) == "文件是空的。"


def test_opens_bytes_path_file_object_and_upload(tmp_path):
    data = template_workbook(sample_records())
    path = tmp_path / "目录.xlsx"
    path.write_bytes(data)
    upload = SimpleUploadedFile("目录.xlsx", data)
    for source in (data, path, str(path), io.BytesIO(data), upload):
        workbook = open_workbook(source)
        assert workbook.sheetnames == ["社会救助"]
        workbook.close()


def test_file_over_the_default_limit():
    assert "文件大小超过 10 MB 上限" in error_for(b"PK\x03\x04" + b"\x00" * (10 * 1024 * 1024))


def test_upload_over_the_configured_limit_is_refused_by_its_size(settings):
    settings.PORTAL_IMPORT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.xlsx", template_workbook(sample_records()))
    assert upload.size > 1024
    assert "上限" in error_for(upload)


def test_path_over_the_limit(settings, tmp_path):
    settings.PORTAL_IMPORT_MAX_BYTES = 1024
    path = tmp_path / "big.xlsx"
    path.write_bytes(os.urandom(2048))
    assert "上限" in error_for(path)


def test_empty_file():
    assert "文件是空的" in error_for(b"")
    assert "文件是空的" in error_for(io.BytesIO(b""))


def test_csv_is_not_a_workbook():
    message = error_for("序号,一级事项,公开内容\n1,最低生活保障,办事指南\n".encode())
    assert "不是 Excel 工作簿（.xlsx）" in message
    assert "另存为" in message and "WPS" in message


def test_old_xls_asks_to_save_as_xlsx():
    message = error_for(ole2_bytes("Root Entry", "Workbook", "\x05SummaryInformation"))
    assert ".xls" in message and "另存为" in message and ".xlsx" in message


def test_encrypted_xlsx_is_recognised_inside_its_ole2_container():
    message = error_for(ole2_bytes("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    assert "密码" in message
    assert ".xls）" not in message


def test_renamed_word_document():
    assert "Word 文档" in error_for(ole2_bytes("Root Entry", "WordDocument", "1Table"))


def test_corrupt_zip():
    assert "损坏" in error_for(b"PK\x03\x04" + os.urandom(300))


def test_truncated_workbook():
    data = template_workbook(sample_records())
    assert "损坏" in error_for(data[: len(data) // 2])


def test_zip_that_is_not_a_workbook():
    assert "不是 Excel 工作簿" in error_for(zip_bytes({"readme.txt": b"hello"}))
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert "不是 Excel 工作簿" in error_for(docx)


def test_workbook_parts_that_openpyxl_cannot_read():
    broken = zip_bytes({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"not xml"})
    assert "工作簿内容已损坏" in error_for(broken)


def test_zip_bomb_member_with_a_crazy_ratio():
    bomb = zip_bytes(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(5 << 20)}
    )
    assert len(bomb) < 64 * 1024
    assert "压缩炸弹" in error_for(bomb)


def test_zip_bomb_of_many_small_members_bounded_in_total(settings):
    settings.PORTAL_IMPORT_MAX_BYTES = 100 * 1024  # 20 times: 2 MB uncompressed at most
    members = {f"xl/media/image{i}.bin": bytes(900 * 1024) for i in range(4)}
    members["xl/workbook.xml"] = b"<workbook/>"
    assert "解压后过大" in error_for(zip_bytes(members))


def test_too_many_members():
    members = {f"xl/part{i}.xml": b"" for i in range(2001)}
    members["xl/workbook.xml"] = b"<workbook/>"
    assert "部件过多" in error_for(zip_bytes(members))


def test_merged_cells_are_the_same_in_read_only_mode():
    data = template_workbook(
        [*sample_records(), record(number=7, level1="临时救助", level2="其他")]
    )
    streamed = open_workbook(data)
    full = open_workbook(data, read_only=False)
    ranges = merged_cells(streamed["社会救助"])
    assert sorted(ranges) == sorted(merged_cells(full["社会救助"]))
    assert (4, 2, 7, 2) in ranges  # 最低生活保障 merged over four rows
    assert (8, 2, 10, 2) in ranges
    streamed.close()


def test_merged_cells_of_a_sheet_without_merges():
    workbook = open_workbook(rows_workbook({"表": [["a", "b"]]}))
    assert merged_cells(workbook["表"]) == []
