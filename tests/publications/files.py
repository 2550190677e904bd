"""
Real files for the attachment tests, built byte by byte: each opens in the program it claims.

No Pillow: the PNG and the JPEG are written from their specifications (an 8x8 grey image), the
xlsx by openpyxl, the docx as the smallest package Word opens.
"""

import functools
import io
import struct
import zipfile
import zlib

import openpyxl


def pdf():
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    return assemble_pdf(objects)


def assemble_pdf(objects):
    """A PDF file of numbered objects (object 1 the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def png():
    """An 8x8 grey PNG: signature, IHDR, one zlib IDAT, IEND, each chunk with its CRC."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)  # 8x8, 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))  # filter byte + 8 pixels
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg():
    """
    An 8x8 grey baseline JPEG: one block whose coefficients are all zero.

    Both Huffman tables hold one 1-bit code (DC category 0, AC end-of-block), so the scan is
    the two bits `00`, padded with ones.
    """

    def segment(marker, data):
        return b"\xff" + marker + struct.pack(">H", len(data) + 2) + data

    one_code = bytes([1] + [0] * 15) + b"\x00"
    return (
        b"\xff\xd8"
        + segment(b"\xe0", b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(b"\xdb", b"\x00" + b"\x01" * 64)
        + segment(b"\xc0", b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
        + segment(b"\xc4", b"\x00" + one_code)
        + segment(b"\xc4", b"\x10" + one_code)
        + segment(b"\xda", b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"
        + b"\xff\xd9"
    )


@functools.cache
def xlsx():
    """A real workbook, built once: openpyxl stamps the time into the zip, so keep one copy."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "低保名单"
    sheet.append(["姓名", "保障人数", "月保障金（元）"])
    sheet.append(["张*明", 2, 1260])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx():
    """The smallest package Word opens: content types, the package relationship, a document."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
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
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>关于做好城乡低保工作的通知</w:t></w:r></w:p></w:body>"
        "</w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def plain_zip():
    """A zip archive that is not an Office file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "不是 Office 文件")
    return buffer.getvalue()


def elf():
    """The start of a Linux executable."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


def windows_exe():
    """The start of a Windows executable (MZ header)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
