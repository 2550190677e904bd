"""
The column table (栏目表) as file bytes, xlsx or CSV: numbered columns only, in table order, each
with its path, update frequency and owner written as the bureau's table writes them.
"""

from columns.models import Column
from columns.sheet_writer import HEADER, blank_repeats, write_columns
from sitewide.csvfile import csv_bytes

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FILENAME = "政务公开栏目表"


def column_rows(only=None):
    """
    (number, path names, frequency label, owner label) per numbered column, from one query.

    `only` (primary keys) limits the rows, as the admin's export of selected columns does.
    """
    nodes = list(Column.objects.select_related("owner_office"))
    by_id = {node.pk: node for node in nodes}
    rows = []
    numbered = sorted(
        (n for n in nodes if n.number is not None and (only is None or n.pk in only)),
        key=lambda n: (n.order, n.number, n.pk),
    )
    for node in numbered:
        path, cursor, seen = [], node, set()
        while cursor is not None and cursor.pk not in seen:
            seen.add(cursor.pk)
            path.append(cursor.name)
            cursor = by_id.get(cursor.parent_id)
        rows.append((node.number, path[::-1], node.get_frequency_display(), node.owner_label))
    return rows


def column_table(only=None):
    """The flat table rows, level names blanked below themselves as in the bureau's table."""
    return blank_repeats(column_rows(only))


def table_to_csv(table):
    """UTF-8 with a BOM, formula-looking text prefixed with an apostrophe (sitewide.csvfile)."""
    return csv_bytes(HEADER, table)


def export_columns(fmt, only=None):
    """Return the bytes of the column table (or the `only` columns) in `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    table = column_table(only)
    return table_to_csv(table) if fmt == "csv" else write_columns(table)


def export_filename(fmt):
    return f"{FILENAME}.{fmt}"
