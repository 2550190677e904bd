"""
Every Word file the portal writes (annual report, letters and the receipt, the application
form, the ledger's monthly report) is A4 in the official layout of GB/T 9704-2012, from one
place (sitewide.word): margins 37/35/28/26 mm, body 仿宋_GB2312 三号 on a 28.95-point line,
title 方正小标宋简体 二号 centred, black headings, "— 1 —" page numbers from a PAGE field.

Each file is opened again with python-docx; the annual report is printed by LibreOffice Writer.
"""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tests.sitewide.exports import files_of_a_module, print_to_pdf

pytestmark = pytest.mark.django_db

TEXTS = ["一、总体情况说明", "本年度主动公开政府信息 120 条。", "（一）加强组织领导"]
MARGINS = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
LANDSCAPE = {"ledger-monthly.docx"}  # a wide table for the leadership, on A4 turned


@pytest.fixture(scope="module")
def documents_bytes(django_db_setup, django_db_blocker):
    built = files_of_a_module(django_db_blocker, TEXTS)
    return {name: data for name, data in built.items() if name.endswith(".docx")}


@pytest.fixture(scope="module")
def documents(documents_bytes):
    return {name: docx.Document(io.BytesIO(data)) for name, data in documents_bytes.items()}


def east_asian(font_holder):
    fonts = font_holder.element.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


def near(length, mm):
    return abs(length - Mm(mm)) <= Mm(0.5)


def test_every_word_file_is_a4_with_the_official_margins(documents):
    assert set(documents) >= {
        "annual-report.docx",
        "application-form.docx",
        "receipt.docx",
        "ledger-monthly.docx",
    }
    for name, document in documents.items():
        for section in document.sections:
            width, height = (297, 210) if name in LANDSCAPE else (210, 297)
            assert near(section.page_width, width) and near(section.page_height, height), name
            for margin, mm in MARGINS.items():
                assert near(getattr(section, margin), mm), (name, margin)


def test_body_title_and_headings_use_the_official_fonts(documents):
    for name, document in documents.items():
        normal = document.styles["Normal"]
        assert east_asian(normal) == "仿宋_GB2312", name
        assert normal.font.size == Pt(16), name
        spacing = normal.paragraph_format.line_spacing
        assert Pt(28) <= spacing <= Pt(29), name
        title = document.paragraphs[0]
        assert (
            title.alignment or title.style.paragraph_format.alignment
        ) == WD_ALIGN_PARAGRAPH.CENTER, name
        assert east_asian(title.style) == "方正小标宋简体", name
        assert title.style.font.size == Pt(22), name
        for paragraph in document.paragraphs:
            style = paragraph.style
            if style.name.startswith("Heading"):
                assert style.font.color.theme_color is None, (name, style.name)
                assert style.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0)), name
                assert east_asian(style) in {"黑体", "楷体_GB2312", "仿宋_GB2312"}, name


def test_fallback_fonts_are_named_in_the_font_table(documents):
    for name, document in documents.items():
        table = document.part.part_related_by(RT.FONT_TABLE).blob.decode()
        assert 'w:name="仿宋_GB2312"' in table and 'w:val="仿宋"' in table, name
        assert 'w:name="方正小标宋简体"' in table and 'w:val="宋体"' in table, name


def test_pages_are_numbered_with_dashes_from_a_page_field(documents):
    for name, document in documents.items():
        section = document.sections[0]
        for footer in (section.footer, section.even_page_footer):
            xml = footer._element.xml
            assert "PAGE" in "".join(footer._element.itertext()), name
            assert xml.count("—") == 2, name
            assert footer.paragraphs[0].runs[0].font.size == Pt(14), name


def test_table_three_has_a_wide_label_column_and_narrow_number_columns(documents):
    document = documents["annual-report.docx"]
    three = document.tables[1]
    widths = [column.width for column in three.columns]
    assert widths[0] >= Mm(55)
    assert all(width <= Mm(15) for width in widths[1:])
    assert sum(widths, Mm(0)) <= Mm(156)  # the text width of A4 between the margins


def test_the_annual_report_prints_on_a4_with_table_three_on_one_page(documents_bytes, tmp_path):
    pages, boxes = print_to_pdf(tmp_path, "report.docx", documents_bytes["annual-report.docx"])
    assert boxes == {(0, 0, 595, 842)}  # A4 portrait in points
    assert pages <= 2  # was 3 pages of US Letter, table 三 alone over two of them


def test_table_three_labels_take_at_most_two_lines(documents):
    three = documents["annual-report.docx"].tables[1]
    cell_margins = Mm(2 * 1.9)  # Word's default left and right cell margins
    per_line = (three.columns[0].width - cell_margins) // Pt(9)  # CJK characters of 小五
    for row in three.rows[3:]:
        label = row.cells[0].text
        assert -(-len(label) // per_line) <= 2, label
