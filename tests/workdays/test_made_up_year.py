"""
Deadlines at the year's boundaries, before and after a year is entered through the parser.

MADE_UP_2027 is invented test data in the notices' wording: it is not the State Council's
schedule for 2027 (unknown when this was written) and is never loaded outside these tests.
"""

import datetime

import pytest

from workdays.calendar import Deadline, Span, working_calendar
from workdays.models import Schedule
from workdays.notice import parse_notice
from workdays.store import save_notice

d = datetime.date
pytestmark = pytest.mark.django_db

MADE_UP_2027 = """
（测试用虚构安排，不是真实通知）
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月6日（周六）至12日（周五）放假调休，共7天。1月31日（周日）、2月20日（周六）上班。
三、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""
REASON_2027 = "2027年节假日安排尚未录入，按周一至周五为工作日预估"
REASON_2028 = "2028年节假日安排尚未录入，按周一至周五为工作日预估"


def enter_made_up_2027():
    parsed = parse_notice(MADE_UP_2027, 2027)
    assert parsed.problems == []
    save_notice(parsed)
    return working_calendar()


def test_before_2027_is_entered_a_deadline_crossing_into_it_is_estimated():
    cal = working_calendar()
    assert 2027 in cal.estimated_years
    # 10 working days from Monday 28 December 2026: 29, 30, 31, then Monday to Friday in 2027.
    assert cal.add_working_days(d(2026, 12, 28), 10) == Deadline(d(2027, 1, 11), True, REASON_2027)
    assert cal.working_days_between(d(2026, 12, 28), d(2027, 1, 11)) == Span(10, True, REASON_2027)
    # One that ends on 31 December stays inside the known year: not an estimate.
    assert cal.add_working_days(d(2026, 12, 28), 3) == Deadline(d(2026, 12, 31))
    assert cal.working_days_between(d(2026, 12, 28), d(2026, 12, 31)) == Span(3)


def test_after_2027_is_entered_the_same_deadlines_move_as_the_schedule_says():
    cal = enter_made_up_2027()
    assert 2027 not in cal.estimated_years
    assert Schedule.objects.get(year=2027).entered_by_person
    # 1–3 January off: 29, 30, 31 Dec, 4, 5, 6, 7, 8, 11, 12 Jan.
    assert cal.add_working_days(d(2026, 12, 28), 10) == Deadline(d(2027, 1, 12))
    assert cal.working_days_between(d(2026, 12, 28), d(2027, 1, 12)) == Span(10)
    assert cal.working_days_between(d(2026, 12, 28), d(2027, 1, 11)) == Span(9)
    assert cal.add_working_days(d(2026, 12, 28), 3) == Deadline(d(2026, 12, 31))


def test_a_holiday_block_spanning_a_weekend():
    cal = enter_made_up_2027()
    assert [cal.is_working_day(d(2027, 1, n)) for n in (1, 2, 3, 4)] == [False] * 3 + [True]
    # Friday 31 December 2026 → the next working day is Monday 4 January.
    assert cal.add_working_days(d(2026, 12, 31), 1) == Deadline(d(2027, 1, 4))
    # 春节 6–12 February, a whole week with both weekends' days around it.
    assert cal.add_working_days(d(2027, 2, 5), 1) == Deadline(d(2027, 2, 15))


def test_make_up_saturday_and_sunday_count():
    cal = enter_made_up_2027()
    assert cal.is_working_day(d(2027, 1, 31))  # Sunday
    assert cal.is_working_day(d(2027, 2, 20))  # Saturday
    assert not cal.is_working_day(d(2027, 2, 21))  # the ordinary Sunday after it
    # Friday 29 January → make-up Sunday 31 January.
    assert cal.add_working_days(d(2027, 1, 29), 1) == Deadline(d(2027, 1, 31))
    # Friday 19 February → make-up Saturday 20 February → Monday 22 February.
    assert cal.add_working_days(d(2027, 2, 19), 2) == Deadline(d(2027, 2, 22))
    # 26 Sep (make-up Sunday), 27–30 Sep, 8 Oct, 9 Oct (make-up Saturday).
    assert cal.working_days_between(d(2027, 9, 24), d(2027, 10, 9)) == Span(7)


def test_a_deadline_ending_on_31_december_and_one_crossing_into_2028():
    cal = enter_made_up_2027()
    assert cal.add_working_days(d(2027, 12, 30), 1) == Deadline(d(2027, 12, 31))
    assert cal.add_working_days(d(2027, 12, 31), 1) == Deadline(d(2028, 1, 3), True, REASON_2028)
    assert cal.working_days_between(d(2027, 12, 1), d(2027, 12, 31)) == Span(22)


def test_entering_the_year_recomputes_the_staff_column_tree(staff_client):
    from tests.columns.test_column_publications import node_row, text_of
    from tests.factories import make_column, make_item, make_publication

    column = make_column(name="跨年栏目")
    make_item(columns=[column], deadline="信息形成之日起10个工作日内")
    make_publication(column, published_on=d(2026, 11, 2))
    make_publication(column, status="draft", written_on=d(2026, 12, 28))

    before = text_of(node_row(staff_client.get("/columns/").content.decode(), column))
    assert f"下次更新期限：2027年1月11日预估（{REASON_2027}）" in before
    enter_made_up_2027()
    after = text_of(node_row(staff_client.get("/columns/").content.decode(), column))
    assert "下次更新期限：2027年1月12日 " in after and "预估" not in after
