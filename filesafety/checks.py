"""
What every uploaded Office file must pass before anything reads it: one set of limits.

Uploads come from anywhere: a renamed .doc, an old .xls, a password-protected file or a zip bomb
must each be refused before openpyxl, the docx reader or the attachment check inflates a byte.
The spreadsheet imports (spreadsheet.workbook), the attachments (publications.attachments) and
the privacy scan (privacy.extractors) all call `check_ole2` and `open_archive` and word the
refusal for their readers from the UnsafeFile's reason. docs/operations.md lists the limits.
"""

import io
import zipfile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An encrypted xlsx or docx is an OLE2 container holding a stream of this name.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
WORD_STREAM = "WordDocument".encode("utf-16-le")

# Zip-bomb bounds: an honest workbook, document or attachment stays far below all of them.
MAX_MEMBERS = 2000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
# Inflated, a file holds at most this many times the size limit of its upload.
MAX_TOTAL_PER_UPLOAD_BYTE = 20
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024

# The reasons of a refusal; each caller says them in its own words.
ENCRYPTED = "encrypted"  # a password-protected Office file (or an encrypted zip member)
WORD_97 = "word-97"  # an old Word .doc
EXCEL_97 = "excel-97"  # an old Excel .xls (or another old Office file)
DAMAGED = "damaged"  # not a readable zip
TOO_MANY_PARTS = "too-many-parts"
RATIO = "ratio"  # one part inflates far beyond its compressed size
TOO_LARGE = "too-large"  # a part, or all parts together, inflate beyond the bounds


class UnsafeFile(Exception):
    """A file refused before it is read; `reason` is one of the reasons above."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def is_ole2(data):
    return data.startswith(OLE2_MAGIC)


def is_zip(data):
    return data.startswith(ZIP_MAGIC)


def check_ole2(data):
    """Refuse an old-format (OLE2) Office file, saying whether it is encrypted, Word or Excel."""
    if WORD_STREAM in data:
        raise UnsafeFile(WORD_97)
    if ENCRYPTED_STREAM in data:
        raise UnsafeFile(ENCRYPTED)
    raise UnsafeFile(EXCEL_97)


def open_archive(file, *, size_limit=MAX_TOTAL_BYTES):
    """
    Open the zip in `file` (bytes or a binary file object) after checking its directory.

    Only the central directory is read: nothing is inflated here. `size_limit` is the largest
    upload of its kind; what all parts inflate to is bounded by a multiple of it.
    """
    source = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    try:
        archive = zipfile.ZipFile(source)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnsafeFile(DAMAGED) from exc
    if len(members) > MAX_MEMBERS:
        raise UnsafeFile(TOO_MANY_PARTS)
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise UnsafeFile(ENCRYPTED)
        if member.file_size > MAX_PART_BYTES:
            raise UnsafeFile(TOO_LARGE)
        if member.file_size > RATIO_CHECKED_ABOVE and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise UnsafeFile(RATIO)
        total += member.file_size
    if total > min(MAX_TOTAL_PER_UPLOAD_BYTE * size_limit, MAX_TOTAL_BYTES):
        raise UnsafeFile(TOO_LARGE)
    return archive
