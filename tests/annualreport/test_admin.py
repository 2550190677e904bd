import pytest
from django.urls import reverse

from annualreport.models import AnnualReport
from ledger.models import OfficeName, ProgressEntry
from offices.models import Office
from tests.factories import make_column
from tests.ledger.helpers import make_ledger, report

pytestmark = pytest.mark.django_db


def test_admin_pages_open(staff_client):
    office = Office.objects.create(name="办公室")
    ledger, (requirement,) = make_ledger(2024, [{"lead": ["外单位"]}])
    entry = report(requirement, office, "2024-03-01")
    annual = AnnualReport.objects.create(year=2024)
    pages = [
        reverse("admin:ledger_ledger_changelist"),
        reverse("admin:ledger_ledger_change", args=[ledger.pk]),
        reverse("admin:ledger_ledger_import"),
        reverse("admin:ledger_requirement_changelist"),
        reverse("admin:ledger_requirement_change", args=[requirement.pk]),
        reverse("admin:ledger_officename_changelist"),
        reverse("admin:ledger_progressentry_changelist"),
        reverse("admin:ledger_progressentry_change", args=[entry.pk]),
        reverse("admin:annualreport_annualreport_changelist"),
    ]
    for url in pages:
        assert staff_client.get(url).status_code == 200, url
    page = staff_client.get(reverse("admin:annualreport_annualreport_change", args=[annual.pk]))
    assert "提交审核前需处理以下问题" in page.content.decode()
    assert OfficeName.objects.filter(name="外单位", office=None).exists()
    assert ProgressEntry.objects.count() == 1


def test_admin_files_the_report_or_lists_the_refusals(staff_client):
    office = Office.objects.create(name="办公室")
    make_column(number=53, name="公开年报", owner_office=office)
    annual = AnnualReport.objects.create(year=2024)
    response = staff_client.post(
        reverse("admin:annualreport_annualreport_file", args=[annual.pk]), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("表二“行政许可”行") for m in messages)
    annual.refresh_from_db()
    assert annual.publication is None
    response = staff_client.post(
        reverse("admin:annualreport_annualreport_draft", args=[annual.pk]), follow=True
    )
    annual.refresh_from_db()
    assert "依申请公开登记台账统计" in annual.table_three_source


def test_a_year_out_of_range_is_not_found(client):
    assert client.get("/ledger/99999999999999999999/").status_code == 404
    assert client.get("/annual-reports/99999999999999999999/").status_code == 404


def test_table_four_is_entered_as_fifteen_numbers(staff_client):
    from annualreport.forms import FOUR_FIELDS
    from annualreport.tables import empty_table_three

    annual = AnnualReport.objects.create(year=2024)
    data = {
        "year": 2024,
        "table_three": __import__("json").dumps(empty_table_three(), ensure_ascii=False),
        "overview": "总体情况",
        "entered_sources": "",
        "table_three_source": "",
        "table_four_source": "法制股",
        "problems": "",
        "other_matters": "",
    }
    data.update({name: "0" for name, _, _ in FOUR_FIELDS})
    data["four_0_0"], data["four_0_4"] = "2", "2"
    data["four_1_0"] = "-1"
    url = reverse("admin:annualreport_annualreport_change", args=[annual.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 200  # refused: a negative number, what was typed is kept
    assert 'value="-1"' in response.content.decode()
    data["four_1_0"] = "0"
    assert staff_client.post(url, data).status_code == 302
    annual.refresh_from_db()
    assert annual.table_four["行政复议"] == {
        "结果维持": 2,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 0,
        "总计": 2,
    }
