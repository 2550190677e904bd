"""Requests per publishing unit: a town's pages, letters, staff, reminders and commands are its own."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from contributions.roles import CLERK, HEAD
from inforequests import checks, letters, reminders
from inforequests import table_three as t3
from inforequests.models import InfoRequest, LetterTemplate, RequestStep
from offices.models import Office
from tests.inforequests.helpers import D, make_request, small_calendar
from tests.inforequests.test_public import GOOD

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def town_url(town, path):
    return f"/u/{town.slug}{path}"


def test_an_application_posted_on_a_towns_pages_is_the_towns(client, county, town):
    response = client.post(town_url(town, "/yisqgk/apply/"), GOOD)
    assert response.status_code == 302 and response["Location"] == "/u/chengguan/yisqgk/receipt/"
    case = InfoRequest.objects.get()
    assert case.unit == town
    receipt = client.get(response["Location"]).content.decode()
    assert case.query_code in receipt
    # The receipt mail names the town and links its own status page.
    (sent,) = mail.outbox
    assert sent.subject == "城关镇人民政府政府信息公开申请回执"
    assert "城关镇人民政府已收到" in sent.body and county.name not in sent.body
    assert "http://testserver/u/chengguan/yisqgk/status/" in sent.body
    assert town.phone in sent.body
    # The receipt cookie of a town's case opens nothing on the county's pages.
    assert client.get("/yisqgk/receipt/")["Location"] == "/yisqgk/status/"


def test_the_root_keeps_the_first_units_cases_and_addresses(client, county, town):
    response = client.post("/yisqgk/apply/", GOOD)
    assert response["Location"] == "/yisqgk/receipt/"
    assert InfoRequest.objects.get().unit == county
    assert "http://testserver/yisqgk/status/" in mail.outbox[0].body


def test_a_lookup_finds_only_the_cases_of_the_units_pages(client, county, town):
    county_case = make_request(phone="13800005678")
    town_case = make_request(unit=town, phone="13800001234")
    on_town = town_url(town, "/yisqgk/status/")
    found = client.post(on_town, {"code": town_case.query_code, "digits": "1234"})
    assert "申请办理状态" in found.content.decode()
    # The county's code, right digits and all, answers on the town's pages as a wrong code.
    other = client.post(on_town, {"code": county_case.query_code, "digits": "5678"})
    page = other.content.decode()
    assert "查询码或联系电话后4位不正确" in page and "申请办理状态" not in page
    # The access cookie a town lookup set shows nothing on the county's pages.
    assert "申请办理状态" not in client.get("/yisqgk/status/?show=1").content.decode()
    assert "申请办理状态" in client.get(on_town + "?show=1").content.decode()
    assert client.get("/yisqgk/status/receipt.docx").status_code == 404


def test_register_and_statistics_count_the_units_own_cases(client, county, town):
    from tests.inforequests.helpers import answer

    for unit, title in ((county, "县级发放标准"), (town, "镇级发放名单")):
        case = make_request(
            unit=unit, received_on=D(2026, 3, 2), public_title=title, in_register=True
        )
        answer(case, "public", on=D(2026, 3, 10), calendar=small_calendar())
    make_request(unit=town, received_on=D(2026, 4, 1))
    town_register = client.get(town_url(town, "/yisqgk/register/")).content.decode()
    assert "镇级发放名单" in town_register and "县级发放标准" not in town_register
    county_register = client.get("/yisqgk/register/").content.decode()
    assert "县级发放标准" in county_register and "镇级发放名单" not in county_register

    from inforequests import statistics

    town_table = statistics.table_three(2026, InfoRequest.objects.filter(unit=town))
    assert town_table.cells[t3.NEW][t3.TOTAL] == 2
    page = client.get(town_url(town, "/yisqgk/statistics/?year=2026"))
    assert page.status_code == 200
    workbook = client.get(town_url(town, "/yisqgk/statistics/2026.xlsx"))
    county_workbook = client.get("/yisqgk/statistics/2026.xlsx")
    assert body(workbook) != body(county_workbook)


def test_the_guide_and_form_name_the_units_office(client, county, town):
    guide = client.get(town_url(town, "/yisqgk/")).content.decode()
    assert town.disclosure_office in guide and town.address in guide and town.phone in guide
    assert county.disclosure_office not in guide
    form = client.get(town_url(town, "/yisqgk/shenqingbiao.docx"))
    document = Document(io.BytesIO(body(form)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "城关镇人民政府政府信息公开申请表" in text and town.address in text
    assert county.address not in text


def test_letters_take_the_units_identity_and_its_own_wording(county, town):
    LetterTemplate.objects.filter(unit=county, kind="receipt").update(body="县里改过的回执")
    case = make_request(unit=town)
    _, lines = letters.render_text("receipt", case)
    assert "县里改过的回执" not in lines  # the county's edit is the county's
    assert any(town.name in line for line in lines)
    letters.ensure_wordings([town.pk])
    LetterTemplate.objects.filter(unit=town, kind="receipt").update(
        body="{{ bureau }}的回执：{{ query_code }}"
    )
    _, lines = letters.render_text("receipt", case)
    assert lines == [f"城关镇人民政府的回执：{case.query_code}"]
    county_case = make_request()
    assert letters.render_text("receipt", county_case)[1] == ["县里改过的回执"]
    answer_values = letters.values("answer_public", case)
    assert answer_values["review_body"] == town.review_body and answer_values["court"] == town.court


def member(django_user_model, name, role, office):
    user = django_user_model.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    office.members.add(user)
    return user


def test_staff_see_and_edit_only_their_units_cases_and_letters(
    client, django_user_model, county, town, town_office
):
    county_office = Office.objects.create(unit=county, name="社会救助科")
    county_case = make_request(office=county_office)
    town_case = make_request(unit=town, office=town_office)
    head = member(django_user_model, "county-head", HEAD, county_office)
    client.force_login(head)
    listing = client.get("/admin/inforequests/inforequest/").content.decode()
    assert county_case.query_code in listing and town_case.query_code not in listing
    assert "城关镇民政所" not in listing  # not even in the filter of offices
    assert client.get(f"/admin/inforequests/inforequest/{town_case.pk}/change/").status_code == 302
    assert client.get(f"/admin/inforequests/inforequest/{town_case.pk}/step/").status_code == 404
    receipt = f"/admin/inforequests/inforequest/{town_case.pk}/receipt/"
    assert client.get(receipt).status_code == 404

    clerk = member(django_user_model, "town-clerk-r", CLERK, town_office)
    client.force_login(clerk)
    listing = client.get("/admin/inforequests/inforequest/").content.decode()
    assert town_case.query_code in listing and county_case.query_code not in listing
    # A case the town's clerk registers is the town's.
    registered = client.post(
        "/admin/inforequests/inforequest/add/",
        {
            **{k: v for k, v in GOOD.items() if k != "consent"},
            "channel": "in_person",
            "received_on": "2026-09-23",
            "released_files-TOTAL_FORMS": "0",
            "released_files-INITIAL_FORMS": "0",
        },
    )
    assert registered.status_code == 302, registered.content.decode()[:2000]
    assert InfoRequest.objects.get(name=GOOD["name"]).unit == town

    town_head = member(django_user_model, "town-head", HEAD, town_office)
    client.force_login(town_head)
    listing = client.get("/admin/inforequests/lettertemplate/").content.decode()
    own = LetterTemplate.objects.get(unit=town, kind="receipt")
    theirs = LetterTemplate.objects.get(unit=county, kind="receipt")
    assert f"/{own.pk}/change/" in listing and f"/{theirs.pk}/change/" not in listing
    change = f"/admin/inforequests/lettertemplate/{theirs.pk}/change/"
    assert client.get(change).status_code == 302
    assert client.post(change, {"title": "x", "body": "x", "version": 1}).status_code == 302
    assert LetterTemplate.objects.get(pk=theirs.pk).title != "x"


def overdue_case(unit, office):
    case = make_request(unit=unit, office=office, received_on=D(2026, 9, 1))
    return case


def test_reminders_go_per_unit_to_its_own_staff(django_user_model, county, town, town_office):
    county_office = Office.objects.create(unit=county, name="社会救助科")
    county_clerk = member(django_user_model, "county-clerk", CLERK, county_office)
    town_clerk = member(django_user_model, "town-clerk-m", CLERK, town_office)
    county_clerk.email, town_clerk.email = "county@example.gov.cn", "town@example.gov.cn"
    county_clerk.save()
    town_clerk.save()
    overdue_case(county, county_office)
    town_case = overdue_case(town, town_office)
    today, calendar = D(2026, 12, 1), small_calendar()
    assert reminders.send(today, calendar, town) == 1
    (sent,) = mail.outbox
    assert sent.to == ["town@example.gov.cn"] and town_case.query_code in sent.body
    assert "城关镇人民政府城关镇民政所" in sent.subject
    assert "https://chengguan.example.gov.cn/admin/inforequests/inforequest/todo/" in sent.body

    mail.outbox.clear()
    with pytest.raises(CommandError, match="--unit"):
        call_command("remind_requests", stdout=io.StringIO())
    out = io.StringIO()
    call_command("remind_requests", "--all-units", stdout=out)
    assert sorted(m.to[0] for m in mail.outbox) == ["county@example.gov.cn", "town@example.gov.cn"]
    assert "城关镇人民政府：已发送 1 封提醒邮件" in out.getvalue()
    with pytest.raises(CommandError, match="没有统一社会信用代码或网址标识为"):
        call_command("remind_requests", "--unit", "91340000000000000X", stdout=io.StringIO())


def test_export_requests_counts_the_named_unit(county, town, tmp_path):
    make_request(unit=town, received_on=D(2026, 3, 2))
    make_request(received_on=D(2026, 3, 2))
    make_request(received_on=D(2026, 4, 2))
    out = io.StringIO()
    call_command("export_requests", "--year", "2026", "--unit", town.code, stdout=out)
    assert json.loads(out.getvalue())["table"][t3.NEW][t3.TOTAL] == 1
    out = io.StringIO()
    call_command("export_requests", "--year", "2026", "--all-units", stdout=out)
    both = json.loads(out.getvalue())
    assert both[county.code]["table"][t3.NEW][t3.TOTAL] == 2
    assert both[town.code]["table"][t3.NEW][t3.TOTAL] == 1
    target = tmp_path / "t3.xlsx"
    call_command(
        "export_requests", "--year", "2026", "--format", "xlsx", "-o", str(target),
        "--all-units", stdout=io.StringIO(),
    )  # fmt: skip
    assert (tmp_path / f"t3-{town.code}.xlsx").exists()
    assert (tmp_path / f"t3-{county.code}.xlsx").exists()


def test_self_check_and_fees_count_the_units_own_cases(county, town, town_office):
    overdue_case(county, None)
    town_case = overdue_case(town, town_office)
    found = checks.problems(D(2026, 12, 1), small_calendar(), town)
    assert [row["subject"][3:15] for row in found[checks.DUE]] == [town_case.query_code]
    assert len(checks.problems(D(2026, 12, 1), small_calendar())[checks.DUE]) == 2
    # 按件计收 counts the applicant's applications to the same unit only.
    first = make_request(received_on=D(2026, 3, 2), id_number="340802198001011234")
    second = make_request(unit=town, received_on=D(2026, 3, 3), id_number="340802198001011234")
    assert first.nth_in_month() == 1 and second.nth_in_month() == 1
    assert not RequestStep.objects.exists()


def test_demo_requests_go_into_the_named_unit(county, town, town_office):
    out = io.StringIO()
    call_command("load_demo_requests", "--unit", town.code, stdout=out)
    assert InfoRequest.objects.filter(unit=town, is_demo=True).exists()
    assert not InfoRequest.objects.filter(unit=county).exists()
    assert (
        not InfoRequest.objects.filter(unit=town)
        .exclude(office=None)
        .exclude(office=town_office)
        .exists()
    )
    call_command("load_demo_requests", "--delete", stdout=io.StringIO())
    assert not InfoRequest.objects.exists()


def test_only_a_head_of_the_cases_unit_approves_its_extension(
    client, django_user_model, county, town, town_office
):
    from inforequests import actions
    from inforequests.clock import StepKind

    county_head = member(
        django_user_model, "county-head-x", HEAD, Office.objects.create(unit=county, name="办公室")
    )
    town_head = member(django_user_model, "town-head-x", HEAD, town_office)
    case = make_request(unit=town, office=town_office)
    fields = {
        "days": 10,
        "note": "需要调取档案",
        "on": D(2026, 10, 20),
        "calendar": small_calendar(),
    }
    with pytest.raises(actions.StepRefused, match="本单位"):
        actions.take_step(case, StepKind.EXTENDED, town_head, approved_by=county_head, **fields)
    with pytest.raises(actions.StepRefused, match="其他单位"):
        actions.take_step(case, StepKind.EXTENDED, county_head, approved_by=town_head, **fields)
    step = actions.take_step(case, StepKind.EXTENDED, town_head, approved_by=town_head, **fields)
    assert step.approved_by == town_head
    client.force_login(town_head)
    page = client.get(f"/admin/inforequests/inforequest/{case.pk}/step/").content.decode()
    assert "town-head-x" in page and "county-head-x" not in page


def test_a_units_pages_cost_the_same_queries_with_one_town_or_many(client, county, town):
    """The feature pages read their own unit once, never the list of units."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pagecache.middleware import local_clear
    from tests.feature_units import make_town

    pages = [
        "/u/chengguan/yisqgk/",
        "/u/chengguan/yisqgk/register/",
        "/u/chengguan/yisqgk/statistics/",
        "/u/chengguan/messages/",
        "/u/chengguan/consultations/",
        "/u/chengguan/ledger/",
        "/u/chengguan/annual-reports/",
    ]

    def costs():
        found = []
        for page in pages:
            cache.clear()
            local_clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            found.append(len(queries))
        return found

    client.get(pages[0])  # the calendar and the menu, read once per process
    one = costs()
    for number in range(2, 12):
        make_town(county, slug=f"town{number}", name=f"第{number}镇人民政府", number=number)
    assert costs() == one
