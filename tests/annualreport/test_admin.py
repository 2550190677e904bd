import json
import re

import pytest
from django.urls import reverse

from annualreport import tables
from annualreport.models import AnnualReport
from inforequests import table_three as t3
from ledger.models import OfficeName, ProgressEntry
from offices.models import Office
from tests.admin_pages import form_version, page_text
from tests.annualreport.test_report import grid
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

    annual = AnnualReport.objects.create(year=2024)
    data = {
        "year": 2024,
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
    data["version"] = form_version(annual)
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


def _form_data(report):
    """The change form's fields as a browser posts them (table 四 left empty)."""
    return {
        "year": report.year,
        "overview": report.overview,
        **({"version": form_version(report)} if report.pk else {}),
        "entered_sources": "",
        "table_four_source": "",
        "problems": "",
        "other_matters": "",
    }


def test_table_three_is_shown_as_the_national_table_and_cannot_be_posted(staff_client):
    # 结转下年度 one too many for 自然人: the checks name it above the form.
    stored = grid(new=(7, 2), public=(6, 2), carried_out=(2, 0))
    annual = AnnualReport.objects.create(
        year=2024, table_three=stored, table_three_source="依申请公开登记台账统计（2025-01-03）"
    )
    url = reverse("admin:annualreport_annualreport_change", args=[annual.pk])
    response = staff_client.get(url)
    # The layout, without the ids that tie each cell to its headings (tests/portal/test_valid_html).
    text = re.sub(r' (?:id|headers)="[^"]*"', "", page_text(response))
    assert 'name="table_three"' not in text  # no JSON text box
    assert "<caption>收到和处理政府信息公开申请情况" in text
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in text
    assert '<th scope="col">商业企业</th>' in text
    cells = '<td class="cell-figure" data-label="{}">{}</td>'
    for row, numbers in (
        (t3.NEW, (7, 2, 0, 0, 0, 0, 9)),
        (t3.OUTCOME_ROW["public"], (6, 2, 0, 0, 0, 0, 8)),
        (t3.CARRIED_OUT, (2, 0, 0, 0, 0, 0, 2)),
    ):
        expected = "".join(
            cells.format(column, n) for column, n in zip(t3.COLUMNS, numbers, strict=True)
        )
        assert f'<th scope="row">{row}</th> {expected}' in text, row
    assert '<th scope="row" colspan="8">（三）不予公开</th>' in text
    assert "依申请公开登记台账统计（2025-01-03）" in text
    assert "按数据更新草稿" in text
    top = text.index("提交审核前需处理以下问题")
    problems = text[top : text.index("</div>", top)]
    assert top < text.index("<caption>收到和处理政府信息公开申请情况")
    assert "表三“自然人”列：一、本年新收（7）加二、上年结转（0）应等于" in problems

    forged = json.dumps(tables.empty_table_three(), ensure_ascii=False)
    data = {**_form_data(annual), "table_three": forged, "table_three_source": "手工"}
    assert staff_client.post(url, data).status_code == 302
    annual.refresh_from_db()
    assert annual.table_three == stored
    assert annual.table_three_source == "依申请公开登记台账统计（2025-01-03）"
    assert annual.overview == ""  # the form did save: only table 三 was left alone


def test_a_new_report_says_where_table_three_comes_from(staff_client):
    response = staff_client.get(reverse("admin:annualreport_annualreport_add"))
    assert response.status_code == 200
    assert "保存后点击“按数据更新草稿”，从依申请公开登记台账生成表三。" in response.content.decode()
    data = {**_form_data(AnnualReport(year=2025)), "table_three": '{"一": 5}'}
    assert (
        staff_client.post(reverse("admin:annualreport_annualreport_add"), data).status_code == 302
    )
    assert AnnualReport.objects.get(year=2025).table_three == tables.empty_table_three()
