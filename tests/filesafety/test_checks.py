"""filesafety: the one set of limits every upload of an Office file passes."""

import io
import zipfile

import pytest

from filesafety import checks


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def reason(data, **options):
    with pytest.raises(checks.UnsafeFile) as refused:
        checks.open_archive(data, **options)
    return refused.value.reason


def test_an_honest_zip_opens_without_inflating_anything():
    archive = checks.open_archive(zip_bytes({"xl/workbook.xml": b"<workbook/>"}))
    assert archive.namelist() == ["xl/workbook.xml"]


def test_the_bounds_of_a_zip_bomb():
    assert reason(zip_bytes({"a": bytes(5 << 20)})) == checks.RATIO
    many = {f"part{i}": b"x" for i in range(checks.MAX_MEMBERS + 1)}
    assert reason(zip_bytes(many, zipfile.ZIP_STORED)) == checks.TOO_MANY_PARTS
    parts = {f"part{i}": bytes(900 * 1024) for i in range(4)}
    assert reason(zip_bytes(parts), size_limit=100 * 1024) == checks.TOO_LARGE
    assert reason(b"PK\x03\x04 not a zip") == checks.DAMAGED


def test_old_office_files_say_what_they_are():
    ole2 = checks.OLE2_MAGIC + bytes(100)
    for payload, expected in (
        (checks.WORD_STREAM, checks.WORD_97),
        (checks.ENCRYPTED_STREAM, checks.ENCRYPTED),
        (b"Workbook", checks.EXCEL_97),
    ):
        with pytest.raises(checks.UnsafeFile) as refused:
            checks.check_ole2(ole2 + payload)
        assert refused.value.reason == expected
