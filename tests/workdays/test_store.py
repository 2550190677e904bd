"""The stored calendar: seeding from the package, saving a year, and the version every process checks."""

import datetime

import pytest
from django.core.signals import request_started
from django.db import connection, transaction

from audit.models import AuditEntry
from tests.factories import TEST_SCHEDULE_TITLE, enter_test_schedule
from workdays import calendar, store
from workdays.calendar import working_calendar
from workdays.models import CalendarVersion, Schedule, ScheduleDay
from workdays.seed import package_years, seed_package_years

d = datetime.date
pytestmark = pytest.mark.django_db


def stored_days(year):
    return dict(ScheduleDay.objects.filter(schedule__year=year).values_list("date", "kind"))


def test_migrate_seeds_every_year_the_package_knows():
    years = package_years()
    assert set(Schedule.objects.values_list("year", flat=True)) >= set(years)
    for year in (2004, 2025, 2026):
        assert stored_days(year) == years[year][0]
    schedule = Schedule.objects.get(year=2026)
    assert schedule.source == Schedule.Source.PACKAGE and not schedule.entered_by_person
    assert ScheduleDay.objects.get(date=d(2026, 2, 17)).name == "春节"


def test_seeding_twice_writes_nothing_the_second_time(django_assert_max_num_queries):
    assert seed_package_years() == ([], [])
    version = CalendarVersion.objects.get()
    with django_assert_max_num_queries(2):  # the schedules and their days
        assert seed_package_years() == ([], [])
    assert CalendarVersion.objects.get().token == version.token


def test_seeding_never_overwrites_a_year_a_person_entered():
    enter_test_schedule(2026, {d(2026, 1, 1): "off", d(2026, 1, 10): "work"})
    written, kept = seed_package_years()
    assert written == [] and kept == [2026]
    assert stored_days(2026) == {d(2026, 1, 1): "off", d(2026, 1, 10): "work"}
    assert Schedule.objects.get(year=2026).notice_title == TEST_SCHEDULE_TITLE


def test_seeding_restores_a_package_year_whose_data_differs():
    ScheduleDay.objects.filter(date=d(2025, 10, 8)).delete()  # e.g. a corrected release
    written, kept = seed_package_years()
    assert written == [2025] and kept == []
    assert stored_days(2025) == package_years()[2025][0]


def test_saving_a_year_keeps_history_audit_and_a_new_version(django_user_model):
    clerk = django_user_model.objects.create_user("head", password="pw-日历-2027")
    before = CalendarVersion.objects.get()
    change = store.save_schedule(
        2027, {d(2027, 1, 1): "off", d(2027, 2, 6): "work"}, user=clerk, notice_title="测试"
    )
    assert change.created and sorted(change.added) == [d(2027, 1, 1), d(2027, 2, 6)]
    after = CalendarVersion.objects.get()
    assert after.number > before.number and after.token != before.token
    schedule = change.schedule
    assert schedule.entered_by == clerk and schedule.entered_by_person
    assert schedule.history.count() == 1
    assert ScheduleDay.history.filter(schedule_id=schedule.pk).count() == 2
    entry = AuditEntry.objects.get(action=store.ENTER)
    assert entry.user == clerk and "放假 1 天，调休上班 1 天" in entry.detail

    change = store.save_schedule(2027, {d(2027, 1, 1): "off"}, user=clerk)
    assert change.removed == [d(2027, 2, 6)] and not change.created
    assert (
        AuditEntry.objects.get(action=store.CHANGE).detail
        == "放假 1 天，调休上班 0 天（删除 1 天）"
    )
    reasons = list(schedule.history.values_list("history_change_reason", flat=True))
    assert reasons == ["放假 1 天，调休上班 0 天（删除 1 天）", "放假 1 天，调休上班 1 天"]
    assert ScheduleDay.history.filter(date=d(2027, 2, 6), history_type="-").exists()


def test_a_schedule_with_a_weekday_make_up_day_or_another_years_day_is_refused():
    with pytest.raises(store.ScheduleError) as error:
        store.save_schedule(2027, {d(2027, 1, 4): "work", d(2028, 1, 1): "off"})
    assert error.value.errors == [
        "2027-01-04 是周一至周五，本来就是工作日，不能标为调休上班。",
        "2028-01-01 不在 2027 年内。",
    ]
    assert not Schedule.objects.filter(year=2027).exists()


def test_each_request_starts_a_new_unit_of_work():
    # disconnect() says whether it was connected; connect it back as the app does.
    assert request_started.disconnect(dispatch_uid="workdays-request")
    request_started.connect(calendar.new_unit_of_work, dispatch_uid="workdays-request")


def test_the_calendar_is_read_once_per_request(django_assert_num_queries):
    with django_assert_num_queries(1):
        working_calendar()
        working_calendar()
    calendar.new_unit_of_work()  # what request_started does
    with django_assert_num_queries(1):
        assert working_calendar().is_estimated_year(2027)


def test_an_edit_is_seen_at_once_in_this_process():
    cal = working_calendar()
    assert cal.is_estimated_year(2027)
    enter_test_schedule(2027, {d(2027, 1, 4): "off"})
    cal = working_calendar()
    assert not cal.is_estimated_year(2027)
    assert not cal.is_working_day(d(2027, 1, 4))


def test_another_processs_edit_is_seen_at_the_next_request():
    working_calendar()
    # Another process enters 2027: its rows and a new version, straight into the database.
    schedule = Schedule.objects.create(year=2027, notice_title=TEST_SCHEDULE_TITLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ScheduleDay._meta.db_table} (schedule_id, date, kind, name) "
            "VALUES (%s, %s, 'off', '')",
            [schedule.pk, d(2027, 1, 4)],
        )
        cursor.execute(
            f"UPDATE {CalendarVersion._meta.db_table} SET number = number + 1, token = 'other'"
        )
    calendar._unit.checked = True  # this process is still inside its request
    assert working_calendar().is_working_day(d(2027, 1, 4))
    calendar.new_unit_of_work()  # what request_started does
    assert not working_calendar().is_working_day(d(2027, 1, 4))


def test_a_rolled_back_edit_is_not_kept(django_assert_num_queries):
    try:
        with transaction.atomic():
            enter_test_schedule(2027, {d(2027, 1, 4): "off"})
            assert not working_calendar().is_working_day(d(2027, 1, 4))
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    calendar.new_unit_of_work()  # what request_started does
    assert working_calendar().is_working_day(d(2027, 1, 4))
    assert working_calendar().is_estimated_year(2027)


def notice_of(year):
    from pathlib import Path

    from workdays.notice import parse_notice

    path = Path(__file__).parent / "notices" / f"{year}.txt"
    return parse_notice(path.read_text(encoding="utf-8"), year)


def test_a_notice_sets_the_days_it_names_in_the_year_before():
    # The 2019 notice: 2018年12月29日（星期六）上班, 30 and 31 December off.
    ScheduleDay.objects.filter(date=d(2018, 12, 29)).delete()
    store.save_notice(notice_of(2019))
    assert stored_days(2018)[d(2018, 12, 29)] == "work"
    assert Schedule.objects.get(year=2018).entered_by_person
    assert stored_days(2019) == package_years()[2019][0]


def test_a_notice_needing_a_year_nobody_entered_is_refused():
    Schedule.objects.filter(year=2018).delete()
    with pytest.raises(store.ScheduleError) as error:
        store.save_notice(notice_of(2019))
    assert error.value.errors == [
        "通知把 2018-12-29 定为上班，但2018年的节假日安排尚未录入：请先录入2018年。"
    ]
    assert Schedule.objects.get(year=2019).source == Schedule.Source.PACKAGE  # unchanged


def test_a_weekend_day_off_in_a_missing_year_changes_nothing_and_is_left_out():
    Schedule.objects.filter(year=2023).delete()
    store.save_notice(notice_of(2024))  # 与周末连休: 2023-12-30 and 31, a weekend
    assert not Schedule.objects.filter(year=2023).exists()
    assert stored_days(2024) == notice_of(2024).days
