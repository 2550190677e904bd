"""Entering and editing a year's schedule in the admin: who may, preview before save, history."""

import datetime
import html

import pytest
from django.contrib.auth.models import Group

from audit.models import AuditEntry
from review import roles
from tests.admin_pages import form_version, page_text
from tests.workdays.test_made_up_year import MADE_UP_2027
from workdays.calendar import working_calendar
from workdays.models import Schedule, ScheduleDay

d = datetime.date
pytestmark = pytest.mark.django_db
ENTER = "/admin/workdays/schedule/enter/"
LIST = "/admin/workdays/schedule/"


@pytest.fixture
def person(django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(f"user-{role}", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def test_preview_shows_the_year_and_saves_nothing(staff_client):
    response = staff_client.post(
        ENTER, {"year": "2027", "notice_text": MADE_UP_2027, "preview": "预览"}
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "2027年预览" in text
    assert "1月" in text and "12月" in text
    assert (
        '<td class="workdays-off" title="元旦">1<span class="workdays-mark" aria-hidden="true">休</span>'
        in text
    )
    assert (
        '<td class="workdays-work" title="春节">31<span class="workdays-mark" aria-hidden="true">班</span>'
        in text
    )
    assert "2027-02-20 上班" in text
    assert 'name="save" value="保存2027年安排"' in text
    assert not Schedule.objects.filter(year=2027).exists()


def test_save_enters_the_year_with_history_audit_and_recomputed_deadlines(staff_client, staff_user):
    assert working_calendar().add_working_days(d(2026, 12, 28), 10).estimated
    response = staff_client.post(
        ENTER,
        {
            "year": "2027",
            "notice_title": "测试用虚构通知",
            "notice_text": MADE_UP_2027,
            "save": "保存",
        },
    )
    assert response.status_code == 302 and response["Location"] == LIST
    schedule = Schedule.objects.get(year=2027)
    assert schedule.entered_by == staff_user and schedule.entered_by_person
    assert schedule.notice_title == "测试用虚构通知"
    assert schedule.history.get().history_user == staff_user
    entry = AuditEntry.objects.get(action="calendar_enter")
    assert entry.user == staff_user and "放假 17 天，调休上班 4 天" in entry.detail
    # Deadlines are computed: the next request counts on the new schedule.
    staff_client.get(LIST)
    assert working_calendar().add_working_days(d(2026, 12, 28), 10).date == d(2027, 1, 12)
    listing = page_text(staff_client.get(LIST))
    assert "2027" in listing and "人工录入" in listing


def test_an_unreadable_sentence_is_named_and_the_text_is_kept(staff_client):
    text = MADE_UP_2027 + "四、劳动节：5月1日至5日，共5天。\n"
    response = staff_client.post(ENTER, {"year": "2027", "notice_text": text, "save": "保存"})
    page = page_text(response)
    assert response.status_code == 200
    assert "有无法识别的内容，尚未保存" in page
    assert html.escape("无法识别这句话：“四、劳动节：5月1日至5日，共5天”") in page
    assert html.escape("四、劳动节：5月1日至5日，共5天。") in response.content.decode()
    assert 'name="save"' not in page
    assert not Schedule.objects.filter(year=2027).exists()


def test_a_bad_year_is_a_field_message(staff_client):
    response = staff_client.post(ENTER, {"year": "二〇二七", "notice_text": "x", "preview": "1"})
    assert "年份应为四位数字，例如 2027。" in page_text(response)


def test_the_enter_page_opens_on_the_year_asked_for(staff_client):
    response = staff_client.get(ENTER + "?year=2027")
    assert 'name="year" value="2027"' in page_text(response)
    assert "粘贴通知录入" in page_text(staff_client.get(LIST))


@pytest.mark.parametrize("role", [roles.HEAD, roles.SITE_ADMIN])
def test_the_head_and_the_site_administrator_may_enter_a_year(client, person, role):
    client.force_login(person(role))
    assert client.get(ENTER).status_code == 200
    response = client.post(ENTER, {"year": "2027", "notice_text": MADE_UP_2027, "save": "1"})
    assert response.status_code == 302
    assert Schedule.objects.filter(year=2027).exists()


@pytest.mark.parametrize("role", [roles.CLERK, roles.LEADER])
def test_other_roles_may_not_change_the_calendar(client, person, role):
    client.force_login(person(role))
    assert client.get(ENTER).status_code == 403
    response = client.post(ENTER, {"year": "2027", "notice_text": MADE_UP_2027, "save": "1"})
    assert response.status_code == 403
    assert client.get(LIST).status_code == 403
    assert not Schedule.objects.filter(year=2027).exists()


def inline_data(schedule, days):
    data = {
        "notice_title": schedule.notice_title,
        "notice_text": schedule.notice_text,
        "version": form_version(schedule),
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": str(sum(1 for day in days if day.get("id"))),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for n, day in enumerate(days):
        for key, value in day.items():
            data[f"days-{n}-{key}"] = value
        data[f"days-{n}-schedule"] = str(schedule.pk)
    return data


def test_editing_days_by_hand_makes_the_year_a_persons(staff_client, staff_user):
    schedule = Schedule.objects.get(year=2026)
    days = [
        {"id": str(day.pk), "date": day.date.isoformat(), "kind": day.kind, "name": day.name}
        for day in schedule.days.all()
    ]
    # A made-up change for the test: 31 December 2026 becomes a day off.
    days.append({"date": "2026-12-31", "kind": "off", "name": "测试"})
    url = f"{LIST}{schedule.pk}/change/"
    response = staff_client.post(url, inline_data(schedule, days))
    assert response.status_code == 302, page_text(response)
    schedule.refresh_from_db()
    assert schedule.entered_by_person and schedule.entered_by == staff_user
    assert ScheduleDay.objects.get(date=d(2026, 12, 31)).kind == "off"
    assert ScheduleDay.history.filter(date=d(2026, 12, 31), history_user=staff_user).exists()
    assert AuditEntry.objects.filter(action="calendar_change", user=staff_user).exists()
    staff_client.get(LIST)
    assert not working_calendar().is_working_day(d(2026, 12, 31))
    assert "修改" in page_text(staff_client.get(f"{LIST}{schedule.pk}/history/"))


def test_a_weekday_make_up_day_by_hand_is_refused_with_the_typed_rows_kept(staff_client):
    schedule = Schedule.objects.get(year=2026)
    days = [{"date": "2026-12-30", "kind": "work", "name": "测试"}]
    response = staff_client.post(f"{LIST}{schedule.pk}/change/", inline_data(schedule, days))
    assert response.status_code == 200
    page = page_text(response)
    assert "2026-12-30 是周一至周五，本来就是工作日，不能标为调休上班。" in page
    assert 'value="2026-12-30"' in page
    assert not ScheduleDay.objects.filter(date=d(2026, 12, 30)).exists()
