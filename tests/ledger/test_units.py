"""Ledgers per publishing unit: a unit's ledger per year, its import, its office names."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from contributions.roles import HEAD
from ledger import checks, importing, office_names
from ledger.models import Ledger, OfficeName, PendingImport, Responsibility
from ledger.reading import read_ledger_file
from offices.models import Office
from tests.factories import make_column
from tests.ledger.helpers import make_ledger
from tests.ledger.test_import_writes import _token, ledger_rows

pytestmark = pytest.mark.django_db


def test_each_unit_has_its_own_ledger_of_a_year_on_its_own_pages(client, county, town, town_office):
    make_ledger(2026, [{"text": "县里的要求"}], title="县2026年台账", is_public=True)
    column = make_column(name="工作推进", unit=town, owner_office=town_office)
    ledger, _ = make_ledger(
        2026, [{"text": "镇里的要求"}], title="镇2026年台账", unit=town, column=column,
        is_public=True,
    )  # fmt: skip
    town_page = client.get("/u/chengguan/ledger/2026/").content.decode()
    assert "镇2026年台账" in town_page and "县2026年台账" not in town_page
    county_page = client.get("/ledger/2026/").content.decode()
    assert "县2026年台账" in county_page and "镇2026年台账" not in county_page
    town_list = client.get("/u/chengguan/ledger/").content.decode()
    assert "镇2026年台账" in town_list and "县2026年台账" not in town_list
    assert client.get("/u/chengguan/ledger/2025/").status_code == 404
    # The ledger's publication links the town's own page.
    assert "(/u/chengguan/ledger/2026/)" in ledger.publication.body


def test_an_import_matches_the_units_own_offices_and_names(county, town, town_office):
    Office.objects.create(unit=county, name="办公室")
    OfficeName.objects.create(unit=county, name="民政所", office=Office.objects.get(name="办公室"))
    rows = ledger_rows(1)
    plan, ledger = importing.import_file(read_ledger_file(rows), 2026, town)
    assert ledger.unit == town
    # The county's 办公室 and its mapping are not the town's: the name waits for the town.
    assert not Responsibility.objects.filter(requirement__ledger=ledger).exists()
    assert set(plan.unmatched) == set(office_names.waiting_names(town.pk))
    assert OfficeName.objects.filter(unit=town, name="办公室").exists()
    # Mapped in the town, it links the town's office; the county's ledger is untouched.
    OfficeName.objects.filter(unit=town, name="办公室").update(office=town_office)
    office_names.relink_all(town.pk)
    assert Responsibility.objects.get(requirement__ledger=ledger).office == town_office
    _, county_ledger = importing.import_file(read_ledger_file(rows), 2026, county)
    assert county_ledger != ledger and county_ledger.unit == county
    assert Ledger.objects.filter(year=2026).count() == 2


def test_the_admin_import_goes_into_the_importing_users_unit(
    client, django_user_model, county, town, town_office
):
    head = django_user_model.objects.create_user("town-head-l", password="x", is_staff=True)
    head.groups.add(Group.objects.get(name=HEAD))
    head.user_permissions.add(Permission.objects.get(codename="add_requirement"))
    town.members.add(head)
    client.force_login(head)
    response = client.post(
        "/admin/ledger/ledger/import/",
        {"year": 2026, "file": SimpleUploadedFile("台账.xlsx", ledger_rows(2))},
    )
    assert response.status_code == 200
    assert PendingImport.objects.get().unit == town
    confirmed = client.post(
        "/admin/ledger/ledger/import/", {"confirm": "1", "token": _token(response)}
    )
    assert confirmed.status_code == 302
    assert Ledger.objects.get().unit == town
    listing = client.get("/admin/ledger/ledger/").content.decode()
    assert "2026年政务公开重点工作台账" in listing
    county_ledger, _ = make_ledger(2025, [{}], title="县2025年台账")
    assert "县2025年台账" not in client.get("/admin/ledger/ledger/").content.decode()
    change = f"/admin/ledger/ledger/{county_ledger.pk}/change/"
    assert client.get(change).status_code == 302


def test_the_self_check_reads_the_units_own_ledgers(county, town):
    from tests.inforequests.helpers import D

    make_ledger(2026, [{"text": "县里逾期", "deadline_text": "3月底前"}])
    make_ledger(2026, [{"text": "镇里逾期", "deadline_text": "3月底前"}], unit=town)
    found = checks.find(D(2026, 6, 1), town)
    assert [row["subject"] for row in found[checks.OVERDUE]] == ["2026年台账第 1 项：镇里逾期"]
    assert len(checks.find(D(2026, 6, 1))[checks.OVERDUE]) == 2


def test_another_units_staff_read_a_ledger_as_the_public_does(
    client, django_user_model, county, town, town_office
):
    make_ledger(2026, [{"text": "县里未公开的要求"}], title="县2026年台账（未公开）")
    head = django_user_model.objects.create_user("town-head-p", password="x", is_staff=True)
    head.groups.add(Group.objects.get(name=HEAD))
    town.members.add(head)
    client.force_login(head)
    assert client.get("/ledger/2026/").status_code == 404
    county_head = django_user_model.objects.create_user("county-head-p", is_staff=True)
    county_head.groups.add(Group.objects.get(name=HEAD))
    county.members.add(county_head)
    client.force_login(county_head)
    assert "县2026年台账（未公开）" in client.get("/ledger/2026/").content.decode()
