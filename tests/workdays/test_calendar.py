"""The working-day calendar's API on the stored calendar (seeded from the package on migrate)."""

import datetime

import pytest

from workdays.calendar import Deadline, Span, WorkingCalendar, working_calendar

d = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def cal():
    return working_calendar()


# National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked.


def test_national_day_2025(cal):
    for day in range(1, 9):
        assert not cal.is_working_day(d(2025, 10, day))
    assert cal.is_working_day(d(2025, 9, 28))  # make-up Sunday
    assert cal.is_working_day(d(2025, 10, 11))  # make-up Saturday
    assert not cal.is_working_day(d(2025, 9, 27))  # ordinary Saturday
    assert not cal.is_working_day(d(2025, 10, 12))  # ordinary Sunday


def test_add_working_days_across_national_day_2025(cal):
    assert cal.add_working_days(d(2025, 9, 30), 1) == Deadline(d(2025, 10, 9), False, "")
    assert cal.add_working_days(d(2025, 9, 26), 1).date == d(2025, 9, 28)  # → make-up Sunday
    assert cal.add_working_days(d(2025, 9, 30), 3).date == d(2025, 10, 11)  # make-up Saturday
    assert cal.add_working_days(d(2025, 9, 30), 4).date == d(2025, 10, 13)
    # 26, 28, 29, 30 Sept, 9, 10, 11, 13, 14, 15 Oct.
    assert cal.add_working_days(d(2025, 9, 25), 10).date == d(2025, 10, 15)


def test_counting_starts_the_day_after_start(cal):
    # Start on a working day or on a holiday: the start itself never counts.
    assert cal.add_working_days(d(2025, 10, 9), 1).date == d(2025, 10, 10)
    assert cal.add_working_days(d(2025, 10, 1), 1).date == d(2025, 10, 9)
    assert cal.add_working_days(d(2025, 10, 9), 0) == Deadline(d(2025, 10, 9))
    with pytest.raises(ValueError):
        cal.add_working_days(d(2025, 10, 9), -1)


def test_working_days_between_across_national_day_2025(cal):
    assert cal.working_days_between(d(2025, 9, 30), d(2025, 10, 8)) == Span(0)
    assert cal.working_days_between(d(2025, 9, 30), d(2025, 10, 9)) == Span(1)
    assert cal.working_days_between(d(2025, 9, 25), d(2025, 10, 15)) == Span(10)
    # Not a signed difference: nothing lies after `start` up to an earlier `end`.
    assert cal.working_days_between(d(2025, 10, 15), d(2025, 9, 25)) == Span(0)
    assert cal.working_days_between(d(2025, 10, 9), d(2025, 10, 9)) == Span(0)


def test_datetimes_count_by_their_date(cal):
    start = datetime.datetime(2025, 9, 30, 17, 30)
    assert cal.add_working_days(start, 1).date == d(2025, 10, 9)
    assert cal.working_days_between(start, d(2025, 10, 9)).days == 1


def test_spring_festival_2026(cal):
    for day in range(15, 24):
        assert not cal.is_working_day(d(2026, 2, day))
    assert cal.is_working_day(d(2026, 2, 14))
    assert cal.is_working_day(d(2026, 2, 28))
    assert cal.add_working_days(d(2026, 2, 13), 1).date == d(2026, 2, 14)
    assert cal.add_working_days(d(2026, 2, 14), 1).date == d(2026, 2, 24)
    # 13, 14, 24, 25, 26, 27, 28 Feb, 2, 3, 4 Mar.
    assert cal.add_working_days(d(2026, 2, 12), 10).date == d(2026, 3, 4)
    assert cal.working_days_between(d(2026, 2, 12), d(2026, 3, 4)).days == 10


def test_any_year_is_answered_never_raised(cal):
    # Years nobody entered count Monday to Friday.
    assert cal.is_working_day(d(2027, 1, 4))  # a Monday
    assert not cal.is_working_day(d(2027, 1, 2))  # a Saturday
    assert cal.is_working_day(d(1, 1, 1))  # a Monday
    assert cal.is_working_day(d(9999, 12, 31))  # a Friday
    assert cal.add_working_days(d(9999, 12, 30), 5).estimated


def test_a_deadline_crossing_into_an_unknown_year_is_estimated(cal):
    assert 2027 in cal.estimated_years or not cal.is_estimated_year(2027)
    deadline = cal.add_working_days(d(2026, 12, 28), 10)
    # 29, 30, 31 Dec, then 2027 counted Monday to Friday: 1, 4, 5, 6, 7, 8, 11 Jan.
    assert deadline.date == d(2027, 1, 11)
    assert deadline.estimated
    assert deadline.reason == "2027年节假日安排尚未录入，按周一至周五为工作日预估"
    span = cal.working_days_between(d(2026, 12, 28), d(2027, 1, 11))
    assert span == Span(10, True, deadline.reason)
    # Inside 2026 nothing is estimated, up to and including 31 December.
    assert cal.add_working_days(d(2026, 12, 28), 3) == Deadline(d(2026, 12, 31))
    assert not cal.working_days_between(d(2026, 1, 1), d(2026, 12, 31)).estimated


def test_estimated_years_are_the_missing_ones_up_to_next_year(cal):
    years = cal.estimated_years
    assert isinstance(years, frozenset)
    assert not years & set(range(2004, 2027))
    assert min(years, default=2027) >= 2027


def test_results_are_small_frozen_values(cal):
    deadline = cal.add_working_days(d(2026, 12, 28), 10)
    with pytest.raises(AttributeError):
        deadline.date = d(2026, 1, 1)
    with pytest.raises(AttributeError):
        Span(1).days = 2


def test_a_calendar_without_the_database():
    cal = WorkingCalendar(
        days_off=[d(2030, 1, 1)], make_up_days=[d(2030, 1, 5)], known_years=[2030]
    )
    assert not cal.is_working_day(d(2030, 1, 1))
    assert cal.is_working_day(d(2030, 1, 5))
    assert cal.add_working_days(d(2029, 12, 31), 2) == Deadline(d(2030, 1, 3))
