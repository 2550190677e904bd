"""
Round trips of the column table: the exported table, blanks-as-merged-cells included, must read
back through the column-table engine as the same tree.
"""

import csv
import io

import openpyxl
import pytest
from django.conf import settings

from catalogue.models import DisclosureItem
from columns.exporting import column_table, export_columns
from columns.models import Column
from columns.table import UNCHANGED, apply_rows, read_csv
from offices.models import Office
from tests.factories import make_item

pytestmark = pytest.mark.django_db

CSV_PATH = settings.BASE_DIR / "fixtures" / "columns.csv"


@pytest.fixture
def bureau_table():
    apply_rows(read_csv(CSV_PATH), first_line=2)


def xlsx_rows(data):
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in ws.iter_rows(min_row=2, values_only=True)]


def csv_rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]


def tree_snapshot():
    """Every column (grouping ones too) by path, with what the table says about it."""
    nodes = {c.pk: c for c in Column.objects.select_related("owner_office")}

    def path(node):
        names = []
        while node is not None:
            names.append(node.name)
            node = nodes.get(node.parent_id)
        return tuple(reversed(names))

    return {
        path(c): (
            c.number,
            c.frequency,
            c.owner_kind,
            c.owner_office.name if c.owner_office else "",
        )
        for c in nodes.values()
    }


@pytest.mark.parametrize(("fmt", "read"), [("xlsx", xlsx_rows), ("csv", csv_rows)])
def test_exported_table_imports_with_zero_changes(bureau_table, fmt, read):
    rows = read(export_columns(fmt))
    assert len(rows) == 75

    results = apply_rows(rows, first_line=2, dry_run=True)

    assert [(r.number, r.status, r.changes, r.new_parents) for r in results] == [
        (r.number, UNCHANGED, [], []) for r in results
    ]


def test_export_wipe_import_export_gives_the_same_table(bureau_table):
    before_table = column_table()
    before_tree = tree_snapshot()
    workbook = export_columns("xlsx")

    while Column.objects.exists():  # parents are protected: leaves first
        Column.objects.filter(children__isnull=True).delete()
    Office.objects.all().delete()
    apply_rows(xlsx_rows(workbook), first_line=2)

    assert column_table() == before_table
    assert tree_snapshot() == before_tree
    assert apply_rows(xlsx_rows(export_columns("xlsx")), dry_run=True)[-1].status == UNCHANGED


def test_catalogue_links_survive_a_reimport_of_the_table(bureau_table):
    """Re-applying an exported table updates in place: items keep their columns."""
    item = make_item(columns=[Column.objects.get(number=61)])

    apply_rows(xlsx_rows(export_columns("xlsx")), first_line=2)

    assert list(
        DisclosureItem.objects.get(pk=item.pk).columns.values_list("number", flat=True)
    ) == [61]
