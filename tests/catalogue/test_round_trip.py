"""
Round trips between the export and the import engine: what the portal hands out as a workbook in
the template layout must come back through the reader and the importer unchanged.
"""

import io
import json

import pytest

from catalogue.exporting import domain_records, export_domain
from catalogue.importing import import_catalogue, records_dataset, run_import
from catalogue.models import DisclosureItem, Domain
from catalogue.records import item_to_record
from disclosure.standard_data import load_standard_data
from tests.catalogue.test_export import make_catalogue
from tests.factories import make_domain, make_item

pytestmark = pytest.mark.django_db

STANDARD_DOMAINS = ["社会救助", "养老服务"]


def dry_run(domain):
    return import_catalogue(io.BytesIO(export_domain(domain, "xlsx")), domain, dry_run=True)


def assert_no_changes(result, count):
    assert not result.failed, result.error_messages
    assert result.new_rows == []
    assert [row.changed_labels for row in result.changed_rows] == []
    assert len(result.unchanged_rows) == count
    assert result.missing_items == []
    assert result.notes == []


@pytest.mark.parametrize("name", STANDARD_DOMAINS)
def test_standard_catalogue_export_imports_with_zero_changes(name):
    load_standard_data()
    domain = Domain.objects.get(name=name)
    count = domain.items.count()
    assert count >= 6

    assert_no_changes(dry_run(domain), count)


def test_hand_made_catalogue_export_imports_with_zero_changes():
    """Local channels, free-text channels, a formula-looking cell, a draft, 乡级-only rows."""
    domain, items = make_catalogue()

    assert_no_changes(dry_run(domain), len(items))


def test_an_edit_after_the_export_shows_as_one_change():
    domain, items = make_catalogue()
    data = export_domain(domain, "xlsx")
    items[2].deadline = "制定或获取信息之日起20个工作日内"
    items[2].save()

    result = import_catalogue(io.BytesIO(data), domain, dry_run=True)
    assert len(result.changed_rows) == 1
    assert "公开时限" in result.changed_rows[0].changed_labels
    assert len(result.unchanged_rows) == len(items) - 1


@pytest.mark.parametrize("name", STANDARD_DOMAINS)
def test_export_wipe_import_export_gives_the_same_records(name):
    load_standard_data()
    domain = Domain.objects.get(name=name)
    before = domain_records(domain)
    workbook = export_domain(domain, "xlsx")
    json_before = json.loads(export_domain(domain, "json"))

    domain.items.all().delete()
    assert domain_records(domain) == []
    result = import_catalogue(io.BytesIO(workbook), domain, dry_run=False, publish=True)

    assert not result.failed, result.error_messages
    assert len(result.new_rows) == len(before)
    assert domain_records(domain) == before
    assert json.loads(export_domain(domain, "json")) == json_before
    assert domain.items.published().count() == len(before)


def test_hand_made_catalogue_survives_wipe_and_reimport():
    domain, _ = make_catalogue()
    before = domain_records(domain)
    workbook = export_domain(domain, "xlsx")

    DisclosureItem.objects.filter(domain=domain).delete()
    result = import_catalogue(io.BytesIO(workbook), domain, dry_run=False)

    assert not result.failed, result.error_messages
    assert domain_records(domain) == before
    # New rows come in as drafts (先审后发); the records do not carry the status.
    assert domain.items.published().count() == 0
    assert dry_run(domain).changed_rows == []


def test_names_typed_with_spaces_or_full_width_brackets_come_back_as_the_same_items():
    """
    The reader drops spaces next to Chinese characters; an admin-typed name keeps them.

    Both sides are matched on a normalised key, so the export of such items imports as
    unchanged, nothing is listed as missing, and the stored names stay as typed.
    """
    domain, items = make_catalogue()
    spaced = make_item(domain=domain, number=7, level1="高龄津贴", level2="80 周岁以上 补贴")
    bracketed = make_item(domain=domain, number=8, level1="养老服务（通用政策）", level2="")
    count = len(items) + 2

    assert_no_changes(dry_run(domain), count)

    result = import_catalogue(
        io.BytesIO(export_domain(domain, "xlsx")), domain, dry_run=False, delete_missing=True
    )
    assert not result.failed, result.error_messages
    assert (result.new_rows, result.changed_rows, result.deleted_count) == ([], [], 0)
    assert DisclosureItem.objects.get(pk=spaced.pk).level2 == "80 周岁以上 补贴"
    assert DisclosureItem.objects.get(pk=bracketed.pk).level1 == "养老服务（通用政策）"
    assert DisclosureItem.objects.filter(domain=domain).count() == count


def test_a_file_with_half_width_brackets_updates_the_item_stored_with_full_width_ones():
    domain = make_domain(name="养老服务", slug="elderly-care")
    stored = make_item(domain=domain, level1="高龄津贴（80周岁以上）", level2="办事指南")
    rec = {**item_to_record(stored), "level1": "高龄津貼(80周歲以上)", "deadline": "20个工作日内"}
    dataset = records_dataset([(4, rec)])

    result = run_import(dataset, domain, dry_run=False)

    assert not result.failed, result.error_messages
    assert [row.status for row in result.rows] == ["changed"]
    assert result.rows[0].changed_labels == "公开时限"
    stored.refresh_from_db()
    assert (stored.level1, stored.deadline) == ("高龄津贴（80周岁以上）", "20个工作日内")
    assert DisclosureItem.objects.filter(domain=domain).count() == 1
