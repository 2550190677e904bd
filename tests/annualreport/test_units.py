"""Annual reports per publishing unit: one per unit and year, from the unit's own data."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from annualreport import drafting, figures, tables
from annualreport.models import AnnualReport
from inforequests import table_three as t3
from publications.models import Publication
from tests.annualreport.test_pages import filed
from tests.factories import make_column, make_publication
from tests.inforequests.helpers import D, make_request
from tests.ledger.helpers import make_ledger

pytestmark = pytest.mark.django_db


def test_one_report_per_unit_and_year(county, town):
    AnnualReport.objects.create(unit=county, year=2025)
    AnnualReport.objects.create(unit=town, year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.create(unit=town, year=2025)


def test_each_units_pages_show_its_own_reports(client, county, town, town_office):
    filed(2025)
    report = AnnualReport.objects.create(unit=town, year=2025, overview="镇里的总体情况")
    column = make_column(name="公开年报", number=53, unit=town, owner_office=town_office)
    report.publication = make_publication(column, title=report.title)
    report.save()
    town_page = client.get("/u/chengguan/annual-reports/2025/")
    assert town_page.status_code == 200 and "镇里的总体情况" in town_page.content.decode()
    assert "城关镇人民政府2025年政府信息公开工作年度报告" in town_page.content.decode()
    town_list = client.get("/u/chengguan/annual-reports/").content.decode()
    assert "城关镇人民政府2025年" in town_list and f"{county.name}2025年" not in town_list
    county_page = client.get("/annual-reports/2025/").content.decode()
    assert "镇里的总体情况" not in county_page
    assert client.get("/u/chengguan/annual-reports/2024/").status_code == 404


def test_the_draft_counts_the_units_own_requests_publications_and_ledger(county, town):
    for unit in (county, county, town):
        make_request(unit=unit, received_on=D(2025, 3, 2))
    make_publication(
        make_column(), document_kind=Publication.Kind.NORMATIVE, written_on=D(2025, 5, 1)
    )
    make_ledger(2025, [{"text": "镇里的要求"}], title="镇2025年台账", unit=town)
    report = drafting.draft(2025, unit=town)
    assert report.unit == town and report.title.startswith("城关镇人民政府")
    assert report.table_three[t3.NEW][t3.TOTAL] == 1
    assert "《镇2025年台账》共 1 项具体要求" in report.other_matters
    assert "主动公开政府信息 0 条" in report.overview
    assert figures.regulation_counts(2025, town)[tables.NORMATIVE][tables.TABLE_TWO_COUNTS[0]] == 0
    assert (
        figures.regulation_counts(2025, county)[tables.NORMATIVE][tables.TABLE_TWO_COUNTS[0]] == 1
    )
    county_report = drafting.draft(2025, unit=county)
    assert county_report.table_three[t3.NEW][t3.TOTAL] == 2
    assert AnnualReport.objects.filter(year=2025).count() == 2


def test_the_command_drafts_the_named_units_report(county, town, tmp_path):
    make_request(unit=town, received_on=D(2025, 3, 2))
    with pytest.raises(CommandError, match="--unit"):
        call_command("annual_report", "--year", "2025", stdout=io.StringIO())
    with pytest.raises(CommandError, match="报告尚不能提交审核"):
        call_command("annual_report", "--year", "2025", "--unit", town.code, stdout=io.StringIO())
    assert list(AnnualReport.objects.values_list("unit", flat=True)) == [town.pk]
    target = tmp_path / "report.docx"
    with pytest.raises(CommandError, match="城关镇人民政府："):
        call_command(
            "annual_report", "--year", "2025", "--all-units", "-o", str(target),
            stdout=io.StringIO(),
        )  # fmt: skip
    assert (tmp_path / f"report-{town.code}.docx").exists()
    assert (tmp_path / f"report-{county.code}.docx").exists()
    assert AnnualReport.objects.filter(year=2025).count() == 2


def test_demo_ledger_and_report_go_into_the_named_unit(county, town, town_office):
    call_command("load_demo_ledger", "--unit", town.code, stdout=io.StringIO())
    assert AnnualReport.objects.get(is_demo=True).unit == town
    assert set(AnnualReport.objects.values_list("unit", flat=True)) == {town.pk}
    call_command("load_demo_ledger", "--delete", stdout=io.StringIO())
    assert not AnnualReport.objects.exists()


def test_another_units_staff_do_not_preview_a_draft_report(client, django_user_model, county, town):
    from django.contrib.auth.models import Group

    from contributions.roles import HEAD

    AnnualReport.objects.create(unit=county, year=2025, overview="县里的草稿")
    head = django_user_model.objects.create_user("town-head-a", is_staff=True)
    head.groups.add(Group.objects.get(name=HEAD))
    town.members.add(head)
    client.force_login(head)
    assert client.get("/annual-reports/2025/").status_code == 404
    county.members.add(head)
    client.force_login(type(head).objects.get(pk=head.pk))
    assert "县里的草稿" in client.get("/annual-reports/2025/").content.decode()
