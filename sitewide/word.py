"""
Word files in the official layout of GB/T 9704-2012 (党政机关公文格式): the one place every
python-docx writer (the annual report, the letters and the receipt, the application form, the
ledger's monthly report) takes its page, fonts, headings and page numbers from.

- A4 (210 × 297 mm), margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right: a text block
  of 156 × 225 mm, 22 lines of 28.95 points.
- Body 仿宋_GB2312 三号 (16 pt); title 方正小标宋简体 二号 (22 pt) centred; headings by level
  黑体, 楷体_GB2312, then 仿宋_GB2312 bold and plain, all 三号 and black (not the template's
  blue). A machine without the GB2312 fonts shows 仿宋, 宋体 and 楷体 (the font table names them
  as the alternatives).
- Page numbers 四号 (14 pt) half-width Arabic between dashes ("— 1 —") from a PAGE field, odd
  pages on the right and even pages on the left, one character in from the edge.

    document = new_document()
    add_title(document, "……")
    add_heading(document, "一、总体情况", level=1)
    add_paragraph(document, "……")
    return document_bytes(document)
"""

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {
    "top_margin": Mm(37),
    "bottom_margin": Mm(35),
    "left_margin": Mm(28),
    "right_margin": Mm(26),
}
TEXT_WIDTH = PAGE_WIDTH - Mm(28) - Mm(26)
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - Mm(28) - Mm(26)

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
# What a reader's machine shows when it lacks a font (the font table's altName).
FALLBACKS = {BODY_FONT: "仿宋", TITLE_FONT: "宋体", "楷体_GB2312": "楷体", "黑体": "SimHei"}

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(10.5)  # 五号
LINE = Pt(28.95)  # 225 mm of text in 22 lines
INDENT = Pt(32)  # two characters of 三号
BLACK = RGBColor(0, 0, 0)
TITLE_STYLE = "公文标题"


def set_fonts(font_owner, name):
    """Set `name` for Latin and East Asian text of a style or a run (python-docx sets only Latin)."""
    font_owner.font.name = name
    rpr = font_owner.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def new_document(*, landscape=False):
    """
    A document with the official page, styles and page numbers; `landscape` turns the A4 page
    for a wide table (the margins stay where the standard puts them).
    """
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    )
    for margin, length in MARGINS.items():
        setattr(section, margin, length)
    _styles(document)
    _page_numbers(document, section)
    _font_table(document)
    return document


def _styles(document):
    normal = document.styles["Normal"]
    set_fonts(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = BLACK
    body = normal.paragraph_format
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = LINE
    body.space_before = body.space_after = Pt(0)
    title = document.styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    set_fonts(title, TITLE_FONT)
    title.font.size = TITLE_SIZE
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.space_after = LINE  # a blank line under the title
    for level, font in HEADING_FONTS.items():
        heading = document.styles[f"Heading {level}"]
        set_fonts(heading, font)
        heading.font.size = BODY_SIZE
        heading.font.bold = level == 3
        heading.font.italic = False
        heading.font.color.rgb = BLACK  # replaces the template's blue theme colour
        fmt = heading.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = INDENT
        fmt.keep_with_next = True


def _page_numbers(document, section):
    """ "— N —" in every footer: odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = PAGE_NUMBER_SIZE
        _number_run(paragraph, "— ")
        _page_field(_number_run(paragraph, ""))
        _number_run(paragraph, " —")


def _number_run(paragraph, text):
    run = paragraph.add_run(text)
    set_fonts(run, PAGE_NUMBER_FONT)
    run.font.size = PAGE_NUMBER_SIZE
    return run


def _page_field(run):
    """Make `run` the PAGE field (the number Word and LibreOffice fill in on each page)."""
    for tag, value in (
        ("w:fldChar", "begin"),
        ("w:instrText", " PAGE "),
        ("w:fldChar", "separate"),
        ("w:t", "1"),
        ("w:fldChar", "end"),
    ):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = value
        run._r.append(element)


def _font_table(document):
    """Add the official fonts to the font table with the common font each falls back to."""
    old = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(old.blob)
    for name, alternative in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), alternative)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.extend([alt, charset])
        table.append(font)
    new = Part(
        PackURI(old.partname),
        old.content_type,
        etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True),
        document.part.package,
    )
    for r_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            document.part.drop_rel(r_id)
    document.part.relate_to(new, RT.FONT_TABLE)


def add_title(document, text):
    """The document's title: 方正小标宋简体 二号, centred."""
    return document.add_paragraph(text, style=TITLE_STYLE)


def add_heading(document, text, level=1):
    """A heading of `level` (1 一、 黑体; 2 （一） 楷体; 3 1. 仿宋 bold; 4 （1） 仿宋), black."""
    return document.add_paragraph(text, style=f"Heading {level}")


def add_paragraph(document, text="", *, align=None, indent=True):
    """A body paragraph, indented two characters unless `indent` is False."""
    paragraph = document.add_paragraph(text)
    if align is not None:
        paragraph.alignment = align
    if indent and align in (None, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT):
        paragraph.paragraph_format.first_line_indent = INDENT
    return paragraph


def add_table(document, rows, widths):
    """
    A bordered table of `rows` rows and one column per width in `widths` (Length), fixed at
    those widths (merge cells after: a merged cell takes the sum of the widths it spans).
    """
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    return table


def set_cell(cell, text, *, bold=False, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER):
    """Write `text` in `cell` at `size` on single-spaced lines (the body's fixed line is for prose)."""
    cell.text = text
    for paragraph in cell.paragraphs:
        paragraph.alignment = align
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        for run in paragraph.runs:
            run.bold = bold
            run.font.size = size
    return cell


def document_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
