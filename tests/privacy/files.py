"""
Numbers and real files for the privacy tests.

ID and card numbers are computed here (GB 11643 check digit, Luhn digit), so the tests do not
carry anyone's real number. PDFs are written object by object with a text content stream in a
standard font, docx packages zipped by hand from their XML parts, workbooks by openpyxl.
"""

import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl

from tests.publications.files import assemble_pdf

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(area="340802", born="19560312", sequence="123"):
    """A valid 18-digit ID number: the check character computed as GB 11643 says."""
    first17 = area + born + sequence
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_check(number):
    """The same ID with a wrong check character."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def luhn_card(prefix="622202", length=16):
    """A card number that passes the Luhn check."""
    body = prefix + "1234567890123"[: length - len(prefix) - 1]
    for check in "0123456789":
        digits = body + check
        total = 0
        for position, char in enumerate(reversed(digits)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


def not_luhn(card):
    return card[:-1] + str((int(card[-1]) + 1) % 10)


# -- PDF ------------------------------------------------------------------------------------------


def _pdf_string(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(pages):
    """A PDF with one page per list of text lines, in Helvetica, with a correct xref table."""
    page_count = len(pages)
    # 1 catalog, 2 pages, 3 font, then a page object and a content stream per page.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(page_count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, lines in enumerate(pages):
        content_number = 5 + 2 * index
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_number} 0 R >>"
            ).encode()
        )
        ops = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            ops.append(f"({_pdf_string(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return assemble_pdf(objects)


def encrypted_pdf(data, user_password="secret", owner_password="owner"):
    """`data` encrypted with RC4-128 (pypdf can do that without a crypto library)."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# -- docx -----------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _runs(text, split_at=None):
    """A paragraph's runs; `split_at` cuts the text into two runs, as Word often does."""
    pieces = [text] if split_at is None else [text[:split_at], text[split_at:]]
    return "".join(
        f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>' for piece in pieces
    )


def paragraph(text, split_at=None):
    return f"<w:p>{_runs(text, split_at)}</w:p>"


def table(rows):
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def docx(body_xml, header=None):
    """A Word package from body XML (paragraph() and table() pieces) and an optional header."""
    overrides = (
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    )
    doc_rels = ""
    section = ""
    if header is not None:
        overrides += (
            '<Override PartName="/word/header1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
        )
        doc_rels = (
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/header" Target="header1.xml"/>'
        )
        section = '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>'
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}">'
        f"<w:body>{body_xml}{section}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        if header is not None:
            archive.writestr(
                "word/_rels/document.xml.rels",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{doc_rels}</Relationships>',
            )
            archive.writestr(
                "word/header1.xml",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:hdr xmlns:w="{W}">{paragraph(header)}</w:hdr>',
            )
    return buffer.getvalue()


# -- xlsx -----------------------------------------------------------------------------------------


def xlsx(sheets):
    """A workbook from {sheet title: [rows]}; the first sheet replaces the default one."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def encrypted_office_file():
    """The start of an OLE2 container holding an EncryptedPackage stream, as Office writes."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
