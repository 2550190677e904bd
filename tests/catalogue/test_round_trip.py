"""
Round trips between the export and the import engine: what the portal hands out as a workbook in
the template layout must come back through the reader and the importer unchanged.
"""

import io
import json

import pytest

from catalogue.exporting import domain_records, export_domain
from catalogue.importing import import_catalogue
from catalogue.models import DisclosureItem, Domain
from catalogue.standard_data import load_standard_data
from tests.catalogue.test_export import make_catalogue

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
