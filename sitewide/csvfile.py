"""
CSV files the portal hands out, written as text no spreadsheet program computes.

A CSV cell has no "this is text" flag, so formula-looking text gets the apostrophe spreadsheet
programs read as "literal"; `unescape` takes it off again when the portal reads its own file.
"""

import csv
import io

from sitewide.literal import looks_like_formula


def literal(value):
    """`value` for a CSV cell: formula-looking text with an apostrophe before it."""
    return f"'{value}" if looks_like_formula(value) else value


def unescape(text):
    """The text `literal` was given: its apostrophe off again."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


def csv_text(header, rows, *, lineterminator="\r\n"):
    """The CSV text of `header` and `rows`, every cell through `literal`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    writer.writerow([literal(value) for value in header])
    writer.writerows([literal(value) for value in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(header, rows):
    """UTF-8 with a BOM, so that Excel opens the file as UTF-8 and not in the local code page."""
    return csv_text(header, rows).encode("utf-8-sig")
