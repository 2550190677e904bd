import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annualreport import checks
from annualreport import demo as report_demo
from annualreport.models import AnnualReport
from ledger import checks as ledger_checks
from ledger import standing
from ledger.models import Ledger, ProgressEntry, Requirement
from offices.models import Office
from publications.models import Publication
from tests.factories import make_column, make_publication
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_ledger_and_report_load_once_and_delete_alone():
    for name in ["办公室", "社会救助科", "养老服务和慈善事业促进科", "社会事务科"]:
        Office.objects.create(name=name)
    office = Office.objects.get(name="办公室")
    make_column(number=53, name="公开年报", owner_office=office)
    make_column(
        number=45, name="工作推进", parent=make_column(name="监督保障"), owner_office=office
    )
    kept = make_publication()
    call_command("load_demo_ledger", stdout=StringIO())
    call_command("load_demo_ledger", stdout=StringIO())
    ledger = Ledger.objects.get(year=datetime.date.today().year)
    assert ledger.is_demo and "演示数据" in ledger.title
    states = set(ProgressEntry.objects.values_list("state", flat=True))
    assert states == {choice for choice, _ in ProgressEntry.State.choices}
    today = datetime.date.today()
    codes = {
        r.standing.code for r in standing.attach(Requirement.objects.filter(ledger=ledger), today)
    }
    assert {standing.Standing.DONE, standing.Standing.STALE, standing.Standing.ONGOING} <= codes
    report = AnnualReport.objects.get()
    assert report.year == today.year - 1 and report.is_published
    client = Client()
    assert client.get(reverse("ledger:ledger-detail", args=[today.year])).status_code == 200
    assert client.get(reverse("annualreport:report-detail", args=[report.year])).status_code == 200
    # The ledger the report's section 六 cites is public too, filed on its own date.
    cited = Ledger.objects.get(year=report.year)
    assert client.get(reverse("ledger:ledger-detail", args=[report.year])).status_code == 200
    assert cited.publication.published_on == datetime.date(report.year, 1, 15)
    assert cited.publication.index_number.split("/")[-1].startswith(f"{report.year}01-")
    call_command("load_demo_ledger", delete=True, stdout=StringIO())
    assert not Ledger.objects.exists() and not AnnualReport.objects.exists()
    assert list(Publication.objects.all()) == [kept]
    assert ledger.publication_id is not None


def bureau():
    for name in ["办公室", "社会救助科", "养老服务和慈善事业促进科", "社会事务科"]:
        Office.objects.create(name=name)
    office = Office.objects.get(name="办公室")
    make_column(number=53, name="公开年报", owner_office=office, frequency="yearly")


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 12, 3), datetime.date(2026, 1, 10), datetime.date(2026, 3, 25)],
    ids=["december", "before-20-january", "after-march"],
)
def test_demo_report_passes_its_own_checks_and_tells_its_ledger_as_it_stood(today):
    """Section 六 is drafted from the report year's demo ledger: nothing for the admin to flag."""
    bureau()
    report = report_demo.load(today=today)
    assert report.year == today.year - 1
    assert checks.check(report) == []
    ledger = Ledger.objects.get(year=report.year)
    assert ledger.is_demo and not ledger.is_public
    assert Requirement.objects.filter(ledger=ledger).count() == 8
    assert (
        f"共 8 项具体要求，截至 {report.year} 年 12 月 31 日，已完成 7 项，持续推进 0 项，"
        "未按期完成 1 项。未按期完成的：第 8 项（开展养老机构服务信息集中公开核查）。"
    ) in report.other_matters
    assert "本年度未收取信息处理费" in report.other_matters
    # Published by the deadline, as a bureau would: on 20 January (or today, before it).
    assert report.publication.published_on == min(today, datetime.date(today.year, 1, 20))
    assert report.publication.written_on < report.publication.published_on
    assert not ProgressEntry.objects.filter(reported_on__gt=today).exists()
    # The late requirement is done by March: last year's ledger leaves the self-check alone.
    overdue = ledger_checks.find(today)[ledger_checks.OVERDUE]
    if today >= datetime.date(today.year, 3, 20):
        assert overdue == []


def test_admin_shows_the_demo_report_without_problems(staff_client):
    bureau()
    report = report_demo.load()
    page = staff_client.get(reverse("admin:annualreport_annualreport_change", args=[report.pk]))
    assert page.status_code == 200
    assert "提交审核前需处理" not in page.content.decode()


def test_demo_normative_documents_count_in_table_two():
    """示民规〔…〕2号 (in force) and 1号 (superseded by it) are 行政规范性文件, as the form suggests."""
    from annualreport import figures, tables
    from disclosure import demo as publication_demo
    from disclosure.standard_data import load_standard_data
    from publications import kinds

    load_standard_data()
    today = datetime.date(2026, 12, 7)
    publication_demo.load(today=today)
    demo = Publication.objects.filter(is_demo=True).select_related("column")
    for publication in demo:
        suggested = kinds.suggested(publication.column.name, publication.document_number)[0]
        assert publication.document_kind == (suggested or Publication.Kind.OTHER), publication
    current = demo.get(document_number=f"示民规〔{today.year}〕2号")
    old = demo.get(validity=Publication.Validity.SUPERSEDED)
    assert old.repealed_on == current.written_on
    made, repealed, in_force = tables.TABLE_TWO_COUNTS
    counts = figures.regulation_counts(current.written_on.year, Unit.objects.home())[
        tables.NORMATIVE
    ]
    assert counts[made] >= 1 and counts[in_force] >= 1
    assert (
        figures.regulation_counts(old.repealed_on.year, Unit.objects.home())[tables.NORMATIVE][
            repealed
        ]
        == 1
    )
