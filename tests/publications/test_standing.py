"""Column standings from the database: periodic and timely columns, waiting drafts, queries."""

import datetime

import pytest

from columns.freshness import STATUTORY_WORKING_DAYS, Freshness
from columns.models import Column
from disclosure.standing import attach_standings, deadline_days_by_column
from publications.models import Publication
from tests.factories import make_column, make_item, make_publication

d = datetime.date
DRAFT = Publication.Status.DRAFT
pytestmark = pytest.mark.django_db


def standing(column, today):
    return attach_standings([column], today=today)[column.pk]


def test_a_column_without_frequency_has_no_status():
    column = make_column(frequency="", owner_kind=Column.OwnerKind.NONE)
    assert standing(column, d(2026, 5, 6)).status is None


@pytest.mark.parametrize(
    ("last", "today", "expected", "due"),
    [
        (None, d(2026, 5, 6), Freshness.EMPTY, None),
        (d(2026, 4, 30), d(2026, 5, 23), Freshness.OK, d(2026, 5, 31)),
        (d(2026, 4, 30), d(2026, 5, 24), Freshness.DUE_SOON, d(2026, 5, 31)),
        (d(2026, 4, 30), d(2026, 5, 31), Freshness.DUE_SOON, d(2026, 5, 31)),
        (d(2026, 4, 30), d(2026, 6, 1), Freshness.OVERDUE, d(2026, 5, 31)),
    ],
)
def test_monthly_column_against_its_latest_publication(last, today, expected, due):
    column = make_column(frequency=Column.Frequency.MONTHLY)
    if last:
        make_publication(column, published_on=last)
    result = standing(column, today)
    assert (result.status, result.next_due, result.last_published) == (expected, due, last)


def test_only_published_publications_count_as_updates():
    column = make_column(frequency=Column.Frequency.QUARTERLY)
    make_publication(column, published_on=d(2026, 1, 10))
    make_publication(column, status=DRAFT, published_on=d(2026, 6, 1))
    result = standing(column, d(2026, 7, 1))
    assert result.last_published == d(2026, 1, 10)
    assert result.status == Freshness.OVERDUE


def test_timely_column_is_empty_until_it_publishes_and_then_ok():
    column = make_column(frequency=Column.Frequency.TIMELY)
    assert standing(column, d(2026, 5, 6)).status == Freshness.EMPTY
    make_publication(column, published_on=d(2025, 1, 2))
    # Timely columns have no period: an old publication alone is not overdue.
    assert standing(column, d(2026, 5, 6)).status == Freshness.OK


def test_the_deadline_is_the_shortest_of_the_items_working_days_else_the_law():
    column = make_column()
    assert deadline_days_by_column().get(column.pk) is None
    assert standing(column, d(2026, 5, 6)).deadline_days == STATUTORY_WORKING_DAYS
    make_item(columns=[column], deadline="信息形成之日起20个工作日内")
    make_item(columns=[column], deadline="每月10日前更新，变更后十个工作日内")
    make_item(columns=[column], deadline="制定或获取信息之日起5个工作日内", status="draft")
    make_item(columns=[column], deadline="长期公开")
    assert deadline_days_by_column()[column.pk] == 10


def test_a_draft_waiting_makes_a_timely_column_due_soon_then_overdue():
    # Written Friday 2025-09-26: the 10th working day after it is 2025-10-16 (28, 29, 30
    # September, then 9, 10, 11, 13, 14, 15, 16 October: National Day off, the make-up Sunday
    # 28 September and Saturday 11 October worked).
    column = make_column()
    make_item(columns=[column], deadline="制定或获取信息之日起10个工作日内")
    make_publication(column, published_on=d(2025, 9, 1))
    make_publication(column, status=DRAFT, written_on=d(2025, 9, 26))
    assert standing(column, d(2025, 10, 8)).status == Freshness.OK
    soon = standing(column, d(2025, 10, 9))
    assert (soon.status, soon.next_due) == (Freshness.DUE_SOON, d(2025, 10, 16))
    assert standing(column, d(2025, 10, 16)).status == Freshness.DUE_SOON
    assert standing(column, d(2025, 10, 17)).status == Freshness.OVERDUE


def test_an_overdue_draft_outranks_an_empty_column():
    column = make_column()
    make_publication(column, status=DRAFT, written_on=d(2026, 1, 5))
    assert standing(column, d(2026, 1, 6)).status == Freshness.EMPTY
    assert standing(column, d(2026, 6, 1)).status == Freshness.OVERDUE


def test_drafts_without_a_written_date_set_no_deadline():
    column = make_column()
    make_publication(column, published_on=d(2026, 1, 5))
    make_publication(column, status=DRAFT)
    result = standing(column, d(2026, 6, 1))
    assert (result.status, result.next_due) == (Freshness.OK, None)


def test_a_deadline_into_an_unknown_year_is_estimated_and_says_why():
    column = make_column()
    make_publication(column, published_on=d(2026, 12, 1))
    make_publication(column, status=DRAFT, written_on=d(2026, 12, 28))
    result = standing(column, d(2026, 12, 29))
    # 20 working days: 29–31 December, then 2027 counted Monday to Friday.
    assert result.next_due == d(2027, 1, 25)
    assert result.status == Freshness.OK
    assert result.estimated
    assert result.estimate_reason == "2027年节假日安排尚未录入，按周一至周五为工作日预估"
    assert not result.is_problem


def test_three_queries_for_any_number_of_columns(django_assert_num_queries):
    columns = [make_column() for _ in range(3)]
    for column in columns:
        make_publication(column, published_on=d(2026, 1, 5))
    with django_assert_num_queries(4):  # and the working-day calendar, read once
        attach_standings(columns, today=d(2026, 2, 1))
    columns += [make_column(frequency=Column.Frequency.MONTHLY) for _ in range(20)]
    for column in columns:
        make_item(columns=[column])
        make_publication(column, status=DRAFT, written_on=d(2026, 1, 5))
    with django_assert_num_queries(3):
        attach_standings(columns, today=d(2026, 2, 1))
    assert all(hasattr(column, "standing") for column in columns)
