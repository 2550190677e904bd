"""The register and the statistics pages, the self-check rules, and no personal data in public."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inforequests import actions, checks
from inforequests import table_three as t3
from inforequests.clock import StepKind
from inforequests.models import RequestStep
from selfcheck import rules
from tests.factories import make_office
from tests.inforequests.helpers import D, make_request, small_calendar

pytestmark = pytest.mark.django_db


def answered(n, **kwargs):
    for i in range(n):
        case = make_request(
            received_on=D(2026, 3, 2),
            public_title=f"低保资金发放情况{i}",
            in_register=True,
            **kwargs,
        )
        RequestStep.objects.create(
            request=case, kind="answered", on=D(2026, 3, 10), outcome="public"
        )


def test_register_lists_answered_public_titles_only(client):
    answered(2)
    hidden = make_request(received_on=D(2026, 3, 2), public_title="不列入目录")
    RequestStep.objects.create(request=hidden, kind="answered", on=D(2026, 3, 10), outcome="public")
    make_request(public_title="尚未答复", in_register=True)
    page = client.get(reverse("inforequests:register")).content.decode()
    assert "低保资金发放情况0" in page and '<td data-label="答复类型">予以公开</td>' in page
    assert "不列入目录" not in page and "尚未答复" not in page
    found = client.get(reverse("inforequests:register"), {"q": "情况1"}).content.decode()
    assert "低保资金发放情况1" in found and "低保资金发放情况0" not in found
    bad = client.get(reverse("inforequests:register"), {"start": "2026-13-01"})
    assert bad.status_code == 400 and "起始日期格式不正确" in bad.content.decode()


@pytest.mark.parametrize(
    ("outcome", "shown"),
    [
        ("partial", "部分公开"),
        ("withheld_secret", "不予公开：属于国家秘密"),
        ("unable_not_held", "无法提供：本机关不掌握相关政府信息"),
        ("other", "其他处理"),
    ],
)
def test_register_shows_the_plain_answer_type_not_table_three_footnotes(client, outcome, shown):
    """The register names the answer; the counting note of table 三 belongs to the statistics."""
    answered(1)
    RequestStep.objects.filter(kind="answered").update(outcome=outcome)
    page = client.get(reverse("inforequests:register")).content.decode()
    assert f'<td data-label="答复类型">{shown}</td>' in page
    assert "区分处理的" not in page and "（二）" not in page and "：1." not in page


def test_every_outcome_has_a_plain_answer_type():
    for code, _, _ in t3.OUTCOMES:
        label = t3.answer_label(code)
        assert label and not label.startswith("（") and "区分处理" not in label, code
        assert not re.search(r"\d\.", label), label


@pytest.mark.parametrize("path", ["/yisqgk/", "/yisqgk/register/", "/yisqgk/statistics/"])
def test_main_menu_marks_requests_as_the_current_section(client, path):
    html = client.get(path).content.decode()
    menu = html[
        html.index('<nav class="site-nav"') : html.index(
            "</nav>", html.index('<nav class="site-nav"')
        )
    ]
    assert '<a href="/yisqgk/" aria-current="page">依申请公开</a>' in menu
    assert menu.count("aria-current") == 1


@pytest.mark.parametrize("name", ["inforequests:register", "inforequests:statistics"])
def test_public_lists_cost_the_same_queries(client, name, django_assert_max_num_queries):
    answered(3)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse(name))
    answered(60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_statistics_page_and_xlsx(client):
    answered(2, applicant_type="organisation", organisation_kind="research")
    make_request(received_on=D(2025, 12, 1))
    page = client.get(reverse("inforequests:statistics"), {"year": 2026}).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page and "科研机构" in page
    assert client.get(reverse("inforequests:statistics"), {"year": "1900"}).status_code == 404
    data = client.get(reverse("inforequests:statistics-xlsx", args=[2026])).content
    sheet = load_workbook(io.BytesIO(data)).active
    rows = {
        row[0].value.strip("\u3000"): [c.value for c in row[1:]]
        for row in sheet.iter_rows(min_row=3)
    }
    assert rows["（一）予以公开"] == [0, 0, 2, 0, 0, 0, 2]
    assert rows["二、上年结转政府信息公开申请数量"][-1] == 1


def test_self_check_lists_due_cases_and_late_corrections(django_user_model):
    office = make_office(name="社会救助股")
    calendar = small_calendar()
    overdue = make_request(office=office, received_on=D(2026, 9, 23))
    late = make_request(office=office, received_on=D(2026, 9, 23))
    head = django_user_model.objects.create_superuser("h", password="x")
    actions.take_step(
        late,
        StepKind.CORRECTION_REQUESTED,
        head,
        on=D(2026, 10, 12),
        calendar=calendar,
        due_on=D(2026, 10, 30),
        note="请补充文号",
    )
    make_request(office=office, received_on=D(2026, 10, 20))  # due 17 November: not yet listed
    found = checks.problems(D(2026, 10, 26), calendar)
    assert [(rule, p["subject"].split()[1][:12]) for rule, rows in found.items() for p in rows] == [
        ("request_due", overdue.query_code),
        ("correction_late", late.query_code),
    ]
    assert "2026年10月27日，剩余1个工作日" in found[checks.DUE][0]["detail"]
    assert overdue.name not in str(found)
    listed = rules.find_problems(today=D(2026, 11, 30))
    assert {"依申请公开即将到期或已逾期", "补正告知超过7个工作日"} <= {p.rule_label for p in listed}
