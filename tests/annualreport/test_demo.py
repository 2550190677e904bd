import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annualreport.models import AnnualReport
from ledger import standing
from ledger.models import Ledger, ProgressEntry, Requirement
from offices.models import Office
from publications.models import Publication
from tests.factories import make_column, make_publication

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
    ledger = Ledger.objects.get()
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
    call_command("load_demo_ledger", delete=True, stdout=StringIO())
    assert not Ledger.objects.exists() and not AnnualReport.objects.exists()
    assert list(Publication.objects.all()) == [kept]
    assert ledger.publication_id is not None
