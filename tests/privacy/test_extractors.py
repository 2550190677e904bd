"""Text out of real xlsx, docx and pdf files, with the places a clerk can find again."""

import io
import zipfile

import pypdf
import pytest

from filesafety import checks as filesafety
from privacy import extractors
from tests.privacy import files

NUMBER = files.resident_id()


def wheres(extraction):
    return [(chunk.where, chunk.text) for chunk in extraction.chunks]


def test_xlsx_cells_of_every_sheet_with_their_references():
    data = files.xlsx(
        {
            "Sheet1": [["姓名", "电话"], ["张*明", "138****5678"], ["李四", 13812345678]],
            "隐藏": [[None, None, NUMBER]],
        }
    )
    found = wheres(extractors.extract("xlsx", data))
    assert ("工作表“Sheet1”第3行第2列（B3）", "13812345678") in found
    assert ("工作表“隐藏”第1行第3列（C1）", NUMBER) in found


def test_xlsx_numbers_read_without_a_decimal_point():
    assert extractors.cell_text(13812345678.0) == "13812345678"
    assert extractors.cell_text(1260.5) == ""
    assert extractors.cell_text(True) == ""


def test_xlsx_row_limit_gives_a_note(settings):
    settings.PRIVACY_SCAN_MAX_ROWS = 3
    data = files.xlsx({"名单": [[f"行{n}"] for n in range(1, 8)]})
    extraction = extractors.extract("xlsx", data)
    assert [chunk.text for chunk in extraction.chunks] == ["行1", "行2", "行3"]
    assert extraction.notes == [
        "表格过大，只检查了前 3 行（至工作表“名单”第3行），其余内容未检查，请人工核对"
    ]


def test_docx_paragraphs_split_runs_tables_and_headers():
    body = (
        files.paragraph("关于公示城乡低保对象的通知")
        + files.paragraph(f"申请人身份证号{NUMBER}", split_at=10)  # the number spans two runs
        + files.table([["姓名", "联系电话"], ["张三", "13812345678"]])
        + files.paragraph("特此公示。")
    )
    data = files.docx(body, header="县民政局 6222021234567894")
    found = wheres(extractors.extract("docx", data))
    assert found == [
        ("第1段", "关于公示城乡低保对象的通知"),
        ("第2段", f"申请人身份证号{NUMBER}"),
        ("表格1第1行第1列", "姓名"),
        ("表格1第1行第2列", "联系电话"),
        ("表格1第2行第1列", "张三"),
        ("表格1第2行第2列", "13812345678"),
        ("第3段", "特此公示。"),
        ("页眉第1段", "县民政局 6222021234567894"),
    ]


def test_docx_tracked_deletions_are_read_too():
    # Deleted text in tracked changes is still in the file citizens download.
    body = (
        "<w:p><w:del w:id='1' w:author='a'><w:r><w:delText>"
        f"{NUMBER}</w:delText></w:r></w:del></w:p>"
    )
    assert wheres(extractors.extract("docx", files.docx(body))) == [("第1段", NUMBER)]


def test_docx_paragraph_limit_gives_a_note(settings):
    settings.PRIVACY_SCAN_MAX_PARAGRAPHS = 2
    data = files.docx("".join(files.paragraph(f"第{n}段文字") for n in range(1, 6)))
    extraction = extractors.extract("docx", data)
    assert len(extraction.chunks) == 2
    assert extraction.notes == ["正文过长，只检查了前 2 段，其余内容未检查，请人工核对"]


def test_docx_with_a_dtd_is_refused():
    data = files.docx(files.paragraph("x"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                content = content.replace(
                    b"<w:document", b'<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document', 1
                )
            target.writestr(name, content)
    assert extractors.extract("docx", buffer.getvalue()).problem == "文件已损坏或格式异常"


def test_pdf_text_is_extracted_page_by_page():
    data = files.pdf([["Notice of subsidy"], ["Applicant ID " + NUMBER, "Tel 138 1234 5678"]])
    # The file is a real PDF: pypdf itself reads the text back.
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert NUMBER in reader.pages[1].extract_text()
    found = wheres(extractors.extract("pdf", data))
    assert [where for where, _ in found] == ["第1页", "第2页"]
    assert NUMBER in found[1][1] and "138 1234 5678" in found[1][1]


def test_pdf_page_limit_gives_a_note(settings):
    settings.PRIVACY_SCAN_MAX_PAGES = 2
    extraction = extractors.extract("pdf", files.pdf([[f"page {n}"] for n in range(1, 5)]))
    assert [chunk.where for chunk in extraction.chunks] == ["第1页", "第2页"]
    assert extraction.notes == ["文档共 4 页，只检查了前 2 页，其余页未检查，请人工核对"]


def test_pdf_encrypted_against_editing_only_is_read():
    data = files.encrypted_pdf(files.pdf([["ID " + NUMBER]]), user_password="")
    assert pypdf.PdfReader(io.BytesIO(data)).is_encrypted
    assert NUMBER in extractors.extract("pdf", data).chunks[0].text


@pytest.mark.parametrize(
    ("kind", "data", "problem"),
    [
        ("pdf", files.encrypted_pdf(files.pdf([["ID"]])), "文件设置了打开密码（已加密）"),
        ("pdf", files.pdf([["ID"]])[:150], "文件已损坏或格式异常"),
        ("pdf", b"%PDF-1.7\n" + b"\x00" * 64, "文件已损坏或格式异常"),
        ("docx", files.encrypted_office_file(), "文件设置了打开密码（已加密）"),
        ("xlsx", files.encrypted_office_file(), "文件设置了打开密码（已加密）"),
        ("docx", files.docx(files.paragraph("x"))[:100], "文件已损坏或格式异常"),
        ("xlsx", b"PK\x03\x04" + b"\x00" * 60, "文件已损坏或格式异常"),
        ("xlsx", files.docx(files.paragraph("x")), "文件不是有效的 Excel 工作簿（.xlsx）"),
        ("docx", b"plain text", "文件不是有效的 Word 文档（.docx）"),
    ],
    # Named, not shown: a zip's bytes hold the time it was written, and the two test workers must
    # collect the same test names.
    ids=[
        "pdf-encrypted",
        "pdf-cut",
        "pdf-header-only",
        "docx-encrypted",
        "xlsx-encrypted",
        "docx-cut",
        "xlsx-empty-zip",
        "xlsx-is-docx",
        "docx-plain-text",
    ],
)
def test_encrypted_and_broken_files_give_a_reason_not_an_exception(kind, data, problem):
    extraction = extractors.extract(kind, data)
    assert extraction.problem == problem
    assert extraction.chunks == []


def test_zip_bomb_is_not_inflated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (filesafety.MAX_PART_BYTES // 16))
    assert extractors.extract("docx", buffer.getvalue()).problem == "文件解压后过大或压缩比异常"


def test_images_and_unknown_kinds_have_no_text():
    assert extractors.extract("png", b"\x89PNG\r\n\x1a\n").chunks == []
    assert extractors.extract("", b"").problem == ""
