"""
The self-check per unit: one unit's rules, its staff page, its export, and a parent reading its
children (read-only), with a county and two towns.
"""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from columns.models import Column
from inquiries.models import Message
from selfcheck import rules, summaries
from selfcheck.models import BrokenLink, LastCheck
from selfcheck.rules import Rule, find_problems, office_choices
from tests.admin_pages import page_text
from tests.factories import make_column, make_domain, make_item, make_office, make_publication
from tests.selfcheck.units import make_unit, make_units
from units.models import Unit

pytestmark = pytest.mark.django_db
URL = "/admin/selfcheck/"
EXPORT = "/admin/selfcheck/export.xlsx"
MONTHLY = Column.Frequency.MONTHLY
TODAY = datetime.date(2026, 3, 16)
PASSED = rules.Verdict(())


@pytest.fixture
def county():
    return Unit.objects.home()


@pytest.fixture
def town_a(county):
    return make_unit("东山镇", "dongshan", parent=county, town=True)


@pytest.fixture
def town_b(county):
    return make_unit("西河乡", "xihe", parent=county, town=True)


def empty_column(unit, name, office_name):
    """A monthly column of `unit` that never published: 栏目无信息, filed under `office_name`."""
    office = make_office(name=office_name, unit=unit)
    return make_column(name=name, frequency=MONTHLY, owner_office=office, unit=unit)


def staff(django_user_model, username, *, units=(), offices=()):
    user = django_user_model.objects.create_user(username, password="pw-单位-2026", is_staff=True)
    for unit in units:
        unit.members.add(user)
    for office in offices:
        office.members.add(user)
    return user


def subjects(problems, rule=None):
    return {p.subject for p in problems if rule is None or p.rule == rule}


# --- The rules, one unit at a time ----------------------------------------------------------


def test_each_unit_gets_only_its_own_problems(county, town_a, town_b):
    empty_column(county, "县局栏目", "县局科室")
    a_column = empty_column(town_a, "东山栏目", "东山民政所")
    empty_column(town_b, "西河栏目", "西河民政所")
    a_items = make_item(level1="东山事项", level2="办事指南", domain=make_domain(unit=town_a))
    make_item(level1="西河事项", level2="办事指南", domain=make_domain(unit=town_b))
    a = find_problems(today=TODAY, unit=town_a)
    assert subjects(a, Rule.COLUMN_EMPTY) == {"东山栏目"}
    assert subjects(a, Rule.ITEM_NO_COLUMN) == {f"{a_items.domain.name}：东山事项 / 办事指南"}
    assert not any("西河" in p.subject or "县局" in p.subject for p in a)
    assert subjects(find_problems(today=TODAY, unit=county), Rule.COLUMN_EMPTY) == {"县局栏目"}
    # The town's public links are on the town's own pages; the fix links stay the admin's.
    (empty,) = [p for p in a if p.rule == Rule.COLUMN_EMPTY]
    assert empty.public_url == "/u/dongshan/" + a_column.get_absolute_url().lstrip("/")
    assert empty.fix_url == reverse("admin:columns_column_change", args=[a_column.pk])
    # The first unit's keep the root, as a platform of one always had them.
    (county_empty,) = [
        p for p in find_problems(today=TODAY, unit=county) if p.rule == Rule.COLUMN_EMPTY
    ]
    assert not county_empty.public_url.startswith("/u/")


def test_the_feature_apps_rules_and_the_verdict_read_the_unit_only(county, town_a, town_b):
    received = timezone.make_aware(datetime.datetime(2025, 10, 1, 9))
    Message.objects.create(
        unit=town_b,
        subject="西河的留言",
        question="问题",
        contact="13800000001",
        received_at=received,
    )
    Message.objects.create(
        unit=town_a,
        subject="东山的留言",
        question="问题",
        contact="13800000002",
        received_at=received,
    )
    b_column = empty_column(town_b, "西河政策", "西河民政所")
    make_publication(b_column, title="西河的政策", needs_interpretation=True)
    broken = make_publication(b_column, title="西河的坏链接")
    now = timezone.now()
    BrokenLink.objects.create(
        publication=broken,
        kind=BrokenLink.Kind.EXTERNAL,
        url="http://example.invalid/",
        problem="无法访问",
        first_found=now,
        last_checked=now,
    )
    a = rules.run(today=TODAY, unit=town_a)
    assert subjects(a.problems, Rule.MESSAGE_OVERDUE) == {"留言：东山的留言"}
    assert not subjects(a.problems, Rule.INTERPRETATION_MISSING)
    assert not subjects(a.problems, Rule.BROKEN_LINK)
    criteria = {c.label: c.count for c in a.verdict.criteria}
    assert criteria["超过三个月未答复的留言"] == 1
    assert criteria["失效的链接和附件"] == 0
    b = rules.run(today=TODAY, unit=town_b)
    assert subjects(b.problems, Rule.MESSAGE_OVERDUE) == {"留言：西河的留言"}
    assert subjects(b.problems, Rule.INTERPRETATION_MISSING) == {"西河的政策"}
    assert subjects(b.problems, Rule.BROKEN_LINK) == {"西河的坏链接"}
    county_subjects = subjects(rules.run(today=TODAY, unit=county).problems)
    assert not any("西河" in s or "东山" in s for s in county_subjects)


def test_requests_are_each_units_own(county, town_a, town_b):
    from tests.inforequests.helpers import make_request

    make_request(unit=town_b, received_on=datetime.date(2026, 1, 5))
    b = find_problems(today=TODAY, unit=town_b)
    (due,) = [p for p in b if p.rule == Rule.REQUEST_DUE]
    assert due.subject.startswith("申请 ")
    assert not [p for p in find_problems(today=TODAY, unit=town_a) if p.rule == Rule.REQUEST_DUE]
    assert not [p for p in find_problems(today=TODAY, unit=county) if p.rule == Rule.REQUEST_DUE]


def test_the_annual_report_reminder_is_each_units_own(county, town_a):
    office = make_office(name="东山民政所", unit=town_a)
    make_column(name="公开年报", number=53, frequency=MONTHLY, owner_office=office, unit=town_a)
    a = find_problems(today=datetime.date(2026, 3, 2), unit=town_a)
    assert subjects(a, Rule.REPORT_MISSING) == {"2025年政府信息公开工作年度报告"}
    county_problems = find_problems(today=datetime.date(2026, 3, 2), unit=county)
    assert not subjects(county_problems, Rule.REPORT_MISSING)


def test_the_office_choices_are_the_units_offices(county, town_a):
    make_office(name="县局科室", unit=county)
    make_office(name="东山民政所", unit=town_a)
    assert "东山民政所" in office_choices(town_a)
    assert "县局科室" not in office_choices(town_a)
    assert "东山民政所" not in office_choices(county)


# --- The staff page --------------------------------------------------------------------------


def test_a_town_clerk_sees_the_towns_list_only(client, django_user_model, county, town_a, town_b):
    empty_column(county, "县局栏目", "县局科室")
    empty_column(town_a, "东山栏目", "东山民政所")
    empty_column(town_b, "西河栏目", "西河民政所")
    clerk = staff(django_user_model, "town-clerk", offices=town_a.offices.all())
    client.force_login(clerk)
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response)
    assert "发布单位：<strong>东山镇</strong>" in text
    assert "东山栏目" in text and "东山民政所" in text
    assert "县局栏目" not in text and "西河栏目" not in text and "县局科室" not in text
    assert 'class="selfcheck-fix"' in text  # their own unit: the fix links
    # Another town, or the county above, is nobody's business of theirs.
    assert client.get(URL, {"unit": "xihe"}).status_code == 404
    assert client.get(URL, {"unit": county.slug}).status_code == 404
    assert client.get(URL, {"unit": county.code}).status_code == 404
    assert client.get(EXPORT, {"unit": "xihe"}).status_code == 404


def test_staff_in_no_unit_are_told_so(client, django_user_model, town_a):
    # With a second unit (town_a): on a platform of one unit, staff in none work in it.
    client.force_login(staff(django_user_model, "nobody"))
    response = client.get(URL)
    assert response.status_code == 403


def test_a_county_head_reads_the_towns_counts_and_each_towns_list_read_only(
    client, django_user_model, county, town_a, town_b, next_year_entered
):
    empty_column(county, "县局栏目", "县局科室")
    empty_column(town_a, "东山栏目一", "东山民政所")
    make_column(name="东山栏目二", frequency=MONTHLY, unit=town_a, owner_office=None)
    summaries.record(rules.run(unit=town_a))
    head = staff(django_user_model, "county-head", units=[county])
    client.force_login(head)
    text = page_text(client.get(URL))
    assert f"发布单位：<strong>{county.name}</strong>" in text
    assert "下级单位自查情况" in text
    assert (
        '<a href="?unit=dongshan">东山镇</a></th> <td>2</td> <td><strong>不合格</strong></td>'
        in text
    )
    assert '<a href="?unit=xihe">西河乡</a></th> <td colspan="3">尚未自查</td>' in text
    assert "东山栏目一" not in text  # the county's own list holds the county's problems
    town = client.get(URL, {"unit": "dongshan"})
    assert town.status_code == 200
    town_text = page_text(town)
    assert "发布单位：<strong>东山镇</strong>（下级单位，只读" in town_text
    assert "东山栏目一" in town_text and "县局栏目" not in town_text
    assert 'class="selfcheck-fix"' not in town_text  # read-only: nothing to change there
    assert f'<a href="?unit={county.slug}">上级单位：{county.name}</a>' in town_text
    # The filters keep the unit; by code works as well as by slug.
    assert '<input type="hidden" name="unit" value="dongshan">' in town_text
    assert f'href="{EXPORT}?unit=dongshan"' in town_text
    assert client.get(URL, {"unit": town_b.code.lower()}).status_code == 200


def test_someone_in_two_units_switches_between_them(client, django_user_model, county, town_a):
    other = make_unit("北岭县民政局", "beiling")
    empty_column(other, "北岭栏目", "北岭科室")
    user = staff(django_user_model, "two-units", units=[town_a, other])
    client.force_login(user)
    text = page_text(client.get(URL))
    assert '<label for="selfcheck-unit">切换单位</label>' in text
    assert '<option value="dongshan" selected>东山镇</option>' in text
    assert '<option value="beiling">北岭县民政局</option>' in text
    beiling = page_text(client.get(URL, {"unit": "beiling"}))
    assert "北岭栏目" in beiling and "只读" not in beiling
    assert 'class="selfcheck-fix"' in beiling
    assert client.get(URL, {"unit": county.slug}).status_code == 404


def test_a_unit_of_one_person_shows_no_switcher(client, django_user_model, town_a):
    client.force_login(staff(django_user_model, "one-unit", units=[town_a]))
    text = page_text(client.get(URL))
    assert "切换单位" not in text and "下级单位自查情况" not in text


def test_the_page_stores_the_units_last_check(staff_client, county, town_a):
    empty_column(town_a, "东山栏目", "东山民政所")
    staff_client.get(URL, {"unit": "dongshan"})
    last = LastCheck.objects.get(unit=town_a)
    assert last.checked_on == timezone.localdate()
    assert last.problems == sum(last.counts.values()) and last.counts[Rule.COLUMN_EMPTY] == 1
    assert not LastCheck.objects.filter(unit=county).exists()  # only the unit shown


def test_a_check_of_another_day_is_not_the_last(town_a):
    assert summaries.record(rules.run(today=TODAY, unit=town_a)) is None
    assert not LastCheck.objects.exists()


# --- The export ------------------------------------------------------------------------------


def test_the_export_names_the_unit_and_holds_its_problems_only(
    client, django_user_model, county, town_a, town_b
):
    empty_column(county, "县局栏目", "县局科室")
    empty_column(town_a, "东山栏目", "东山民政所")
    empty_column(town_b, "西河栏目", "西河民政所")
    head = staff(django_user_model, "county-head", units=[county])
    client.force_login(head)
    response = client.get(EXPORT, {"unit": "dongshan"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws["A1"].value.startswith("东山镇政务公开自查问题清单")
    values = {cell.value for row in ws.iter_rows() for cell in row if cell.value}
    assert "东山栏目" in values
    assert not {"县局栏目", "西河栏目", "县局科室", "西河民政所"} & values
    assert "selfcheck-dongshan-" in response["Content-Disposition"]
    own = load_workbook(BytesIO(client.get(EXPORT).content)).active
    assert own["A1"].value.startswith(f"{county.name}政务公开自查问题清单")
    assert "县局栏目" in {cell.value for row in own.iter_rows() for cell in row}


# --- Query counts ----------------------------------------------------------------------------


def county_with_problems():
    county = Unit.objects.home()
    empty_column(county, "县局栏目", "县局科室")
    make_item(level1="县局事项", level2="办事指南")
    return county


def queries_of(client, *args):
    with CaptureQueriesContext(connection) as context:
        assert client.get(*args).status_code == 200
    return len(context)


def test_the_page_costs_the_same_queries_with_1_or_200_units(
    staff_client, django_assert_max_num_queries
):
    """A superuser's page of the first unit: alone, then with 199 units below it, each checked."""
    county = county_with_problems()
    staff_client.get(URL)  # the session settles
    alone = queries_of(staff_client, URL)
    for town in make_units(199, parent=county):
        summaries.record(rules.Report(town, timezone.localdate(), [], PASSED, {}))
    with django_assert_max_num_queries(alone):
        response = staff_client.get(URL)
    assert page_text(response).count('<a href="?unit=bulk-') == 199


def test_a_county_heads_pages_cost_the_same_with_1_or_199_towns(
    client, django_user_model, django_assert_max_num_queries
):
    """The county's page with its towns' table, and a town's read-only page."""
    county = county_with_problems()
    (first,) = make_units(1, parent=county)
    empty_column(first, "镇栏目", "镇民政所")
    client.force_login(staff(django_user_model, "county-head", units=[county]))
    client.get(URL)  # the session settles
    own, town = queries_of(client, URL), queries_of(client, URL, {"unit": first.slug})
    make_units(198, parent=county, start=6000)
    with django_assert_max_num_queries(own):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(town):
        response = client.get(URL, {"unit": first.slug})
    assert "镇栏目" in page_text(response)
