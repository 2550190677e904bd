"""
The column table (栏目表) as file bytes, xlsx or CSV: numbered columns only, in table order, each
with its path, update frequency and owner written as the bureau's table writes them. A table is
one unit's: its columns only, and its name in the file name.
"""

from columns.models import Column
from columns.sheet_writer import HEADER, blank_repeats, write_columns
from sitewide.csvfile import csv_bytes
from units.models import Unit

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FILENAME = "政务公开栏目表"


def column_rows(only=None, unit=None):
    """
    (number, path names, frequency label, owner label) per numbered column of `unit` (the
    first unit when None), from one query.

    `only` (primary keys) limits the rows, as the admin's export of selected columns does.
    """
    unit = unit if unit is not None else Unit.objects.home()
    nodes = list(Column.objects.filter(unit=unit).select_related("owner_office"))
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


def column_table(only=None, unit=None):
    """The flat table rows, level names blanked below themselves as in the bureau's table."""
    return blank_repeats(column_rows(only, unit))


def table_to_csv(table):
    """UTF-8 with a BOM, formula-looking text prefixed with an apostrophe (sitewide.csvfile)."""
    return csv_bytes(HEADER, table)


def export_columns(fmt, only=None, unit=None):
    """The bytes of `unit`'s column table (or its `only` columns) in `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    table = column_table(only, unit)
    return table_to_csv(table) if fmt == "csv" else write_columns(table)


def export_filename(fmt, unit=None):
    """政务公开栏目表.xlsx, after the unit's name when given (示范县民政局政务公开栏目表.xlsx)."""
    return f"{unit.name if unit is not None else ''}{FILENAME}.{fmt}"
