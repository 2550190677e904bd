"""Boundaries of the working-day and update-frequency rules in columns.freshness."""

import datetime

import chinese_calendar
import pytest

from columns import freshness
from columns.freshness import (
    CalendarOutOfRange,
    Freshness,
    add_working_days,
    is_working_day,
    next_due,
    parse_working_day_deadline,
    status,
    working_days_between,
)
from columns.models import Column

d = datetime.date


def test_frequency_values_match_the_column_model():
    assert {freshness.TIMELY, freshness.MONTHLY, freshness.QUARTERLY, freshness.YEARLY} == set(
        Column.Frequency.values
    )


def test_freshness_labels_are_chinese():
    assert [choice.label for choice in Freshness] == ["正常", "即将到期", "已逾期", "暂无信息"]


# National Day 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked.


def test_national_day_2025_as_the_package_has_it():
    assert chinese_calendar.is_workday(d(2025, 9, 28))
    assert chinese_calendar.is_workday(d(2025, 10, 11))
    for day in range(1, 9):
        assert not is_working_day(d(2025, 10, day))
    assert is_working_day(d(2025, 9, 28))  # make-up Sunday
    assert is_working_day(d(2025, 10, 11))  # make-up Saturday
    assert not is_working_day(d(2025, 9, 27))  # ordinary Saturday
    assert not is_working_day(d(2025, 10, 12))  # ordinary Sunday


def test_add_working_days_across_national_day_2025():
    assert add_working_days(d(2025, 9, 30), 1) == d(2025, 10, 9)
    assert add_working_days(d(2025, 9, 26), 1) == d(2025, 9, 28)  # Friday → make-up Sunday
    assert add_working_days(d(2025, 9, 30), 3) == d(2025, 10, 11)  # make-up Saturday counts
    assert add_working_days(d(2025, 9, 30), 4) == d(2025, 10, 13)
    # 26, 28, 29, 30 Sept, 9, 10, 11, 13, 14, 15 Oct.
    assert add_working_days(d(2025, 9, 25), 10) == d(2025, 10, 15)


def test_counting_starts_the_day_after_start():
    # Start on a working day or on a holiday: the start itself never counts.
    assert add_working_days(d(2025, 10, 9), 1) == d(2025, 10, 10)
    assert add_working_days(d(2025, 10, 1), 1) == d(2025, 10, 9)
    assert add_working_days(d(2025, 10, 9), 0) == d(2025, 10, 9)
    with pytest.raises(ValueError):
        add_working_days(d(2025, 10, 9), -1)


def test_working_days_between_across_national_day_2025():
    assert working_days_between(d(2025, 9, 30), d(2025, 10, 8)) == 0
    assert working_days_between(d(2025, 9, 30), d(2025, 10, 9)) == 1
    assert working_days_between(d(2025, 9, 25), d(2025, 10, 15)) == 10
    assert working_days_between(d(2025, 10, 15), d(2025, 9, 25)) == -10
    assert working_days_between(d(2025, 10, 9), d(2025, 10, 9)) == 0


def test_datetimes_count_by_their_date():
    start = datetime.datetime(2025, 9, 30, 17, 30)
    assert add_working_days(start, 1) == d(2025, 10, 9)
    assert working_days_between(start, d(2025, 10, 9)) == 1


# Spring Festival 2026: 15–23 February off; Saturdays 14 and 28 February worked.


def test_spring_festival_2026():
    for day in range(15, 24):
        assert not is_working_day(d(2026, 2, day))
    assert is_working_day(d(2026, 2, 14))
    assert is_working_day(d(2026, 2, 28))
    assert add_working_days(d(2026, 2, 13), 1) == d(2026, 2, 14)
    assert add_working_days(d(2026, 2, 14), 1) == d(2026, 2, 24)
    # 13, 14, 24, 25, 26, 27, 28 Feb, 2, 3, 4 Mar.
    assert add_working_days(d(2026, 2, 12), 10) == d(2026, 3, 4)
    assert working_days_between(d(2026, 2, 12), d(2026, 3, 4)) == 10


def test_years_the_package_does_not_know_raise():
    with pytest.raises(CalendarOutOfRange) as error:
        is_working_day(d(freshness.LAST_YEAR + 1, 1, 4))
    assert "chinesecalendar" in str(error.value)
    assert "升级" in str(error.value)
    with pytest.raises(CalendarOutOfRange):
        is_working_day(d(freshness.FIRST_YEAR - 1, 6, 2))
    # A deadline that runs past the last known year raises too, rather than guessing.
    with pytest.raises(CalendarOutOfRange):
        add_working_days(d(freshness.LAST_YEAR, 12, 28), 10)
    with pytest.raises(CalendarOutOfRange):
        working_days_between(d(freshness.LAST_YEAR, 12, 28), d(freshness.LAST_YEAR + 1, 1, 8))


def test_the_package_covers_2026():
    assert freshness.LAST_YEAR >= 2026
    assert is_working_day(d(2026, 12, 31))


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("制定或获取信息之日起10个工作日内", 10),
        ("信息形成或变更之日起20个工作日内予以公开", 20),
        ("自信息形成之日起１０个工作日内", 10),
        ("十个工作日内", 10),
        ("二十个工作日内", 20),
        ("三十个工作日内", 30),
        ("一个工作日内", 1),
        ("十五个工作日内", 15),
        ("5 个工作日内", 5),
        ("审核后10个工作日内予以公开，公示7个工作日", 10),
        ("常态化公开", None),
        ("实时更新", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_working_day_deadline(text, days):
    assert parse_working_day_deadline(text) == days


@pytest.mark.parametrize(
    ("frequency", "last_published", "due"),
    [
        (freshness.MONTHLY, d(2026, 1, 31), d(2026, 2, 28)),
        (freshness.MONTHLY, d(2026, 1, 1), d(2026, 2, 28)),
        (freshness.MONTHLY, d(2024, 1, 31), d(2024, 2, 29)),  # leap year
        (freshness.MONTHLY, d(2025, 12, 31), d(2026, 1, 31)),  # year end
        (freshness.MONTHLY, d(2026, 2, 28), d(2026, 3, 31)),
        (freshness.QUARTERLY, d(2026, 3, 31), d(2026, 6, 30)),
        (freshness.QUARTERLY, d(2026, 1, 1), d(2026, 6, 30)),
        (freshness.QUARTERLY, d(2026, 4, 1), d(2026, 9, 30)),
        (freshness.QUARTERLY, d(2025, 12, 31), d(2026, 3, 31)),  # year end
        (freshness.QUARTERLY, d(2025, 10, 1), d(2026, 3, 31)),
        (freshness.YEARLY, d(2025, 1, 1), d(2026, 12, 31)),
        (freshness.YEARLY, d(2025, 12, 31), d(2026, 12, 31)),
        (freshness.MONTHLY, None, None),
    ],
)
def test_next_due(frequency, last_published, due):
    assert next_due(frequency, last_published) == due


def test_timely_columns_have_no_periodic_due_date():
    with pytest.raises(ValueError):
        next_due(freshness.TIMELY, d(2026, 1, 31))
    assert status(freshness.TIMELY, d(2020, 1, 1), d(2026, 1, 31)) is None
    assert status(freshness.TIMELY, None, d(2026, 1, 31)) is None


def test_status_boundaries_of_a_monthly_column():
    # Published 31 January 2026: due 28 February; due soon from 21 February (7 days before).
    last = d(2026, 1, 31)
    assert status(freshness.MONTHLY, last, d(2026, 2, 1)) == Freshness.OK
    assert status(freshness.MONTHLY, last, d(2026, 2, 20)) == Freshness.OK
    assert status(freshness.MONTHLY, last, d(2026, 2, 21)) == Freshness.DUE_SOON
    assert status(freshness.MONTHLY, last, d(2026, 2, 28)) == Freshness.DUE_SOON
    assert status(freshness.MONTHLY, last, d(2026, 3, 1)) == Freshness.OVERDUE


def test_status_boundaries_of_quarterly_and_yearly_columns():
    assert status(freshness.QUARTERLY, d(2026, 3, 31), d(2026, 6, 22)) == Freshness.OK
    assert status(freshness.QUARTERLY, d(2026, 3, 31), d(2026, 6, 23)) == Freshness.DUE_SOON
    assert status(freshness.QUARTERLY, d(2026, 3, 31), d(2026, 7, 1)) == Freshness.OVERDUE
    assert status(freshness.YEARLY, d(2025, 6, 1), d(2026, 12, 24)) == Freshness.DUE_SOON
    assert status(freshness.YEARLY, d(2025, 6, 1), d(2027, 1, 1)) == Freshness.OVERDUE


def test_empty_column():
    assert status(freshness.MONTHLY, None, d(2026, 1, 1)) == Freshness.EMPTY
    assert status(freshness.YEARLY, None, d(2026, 1, 1)) == Freshness.EMPTY
