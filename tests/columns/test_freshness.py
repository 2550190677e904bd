"""Boundaries of the update-frequency rules in columns.freshness (working days: tests/workdays)."""

import datetime

import pytest

from columns import freshness
from columns.freshness import (
    Freshness,
    next_due,
    parse_working_day_deadline,
    status,
)
from columns.models import Column

d = datetime.date


def test_frequency_values_match_the_column_model():
    assert {freshness.TIMELY, freshness.MONTHLY, freshness.QUARTERLY, freshness.YEARLY} == set(
        Column.Frequency.values
    )


def test_freshness_labels_are_chinese():
    assert [choice.label for choice in Freshness] == ["正常", "即将到期", "已逾期", "暂无信息"]


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
