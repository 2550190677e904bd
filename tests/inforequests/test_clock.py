"""The clock on a calendar with the National Day block and two make-up days, counted by hand."""

from dataclasses import dataclass

import pytest

from inforequests import clock
from inforequests.clock import Phase, StepKind, Urgency
from tests.inforequests.helpers import D, small_calendar

CAL = small_calendar()
RECEIVED = D(2026, 9, 23)  # a Wednesday, a week before the block


@dataclass
class Step:
    kind: str
    on: object
    days: int = None
    due_on: object = None


def run(*steps, received=RECEIVED):
    return clock.run(received, list(steps), CAL)


def test_answered_at_once_has_20_days_across_the_block():
    # 24, 25, 27 (make-up Sunday), 28, 29, 30 September = 6; 9 and 10 (make-up Saturday)
    # October = 8; 12–16 = 13; 19–23 = 18; 26, 27 = 20.
    c = run()
    assert (c.phase, c.due, c.correction_notice_due) == (
        Phase.PROCESSING,
        D(2026, 10, 27),
        D(2026, 10, 9),
    )
    assert not c.estimated
    done = run(Step(StepKind.ANSWERED, D(2026, 9, 23)))
    assert (done.phase, done.due, done.finished_on) == (Phase.ANSWERED, None, D(2026, 9, 23))


def test_correction_restarts_the_20_days():
    waiting = run(Step(StepKind.CORRECTION_REQUESTED, D(2026, 9, 25), due_on=D(2026, 10, 16)))
    assert (waiting.phase, waiting.due, waiting.waiting_until) == (
        Phase.AWAITING_CORRECTION,
        None,
        D(2026, 10, 16),
    )
    back = run(
        Step(StepKind.CORRECTION_REQUESTED, D(2026, 9, 25), due_on=D(2026, 10, 16)),
        Step(StepKind.CORRECTION_RECEIVED, D(2026, 10, 12)),
    )
    # 13–16 October = 4, 19–23 = 9, 26–30 = 14, 2–6 November = 19, 9 November = 20.
    assert (back.phase, back.start, back.due) == (Phase.PROCESSING, D(2026, 10, 12), D(2026, 11, 9))


def test_correction_never_returned_is_closed():
    c = run(
        Step(StepKind.CORRECTION_REQUESTED, D(2026, 9, 25), due_on=D(2026, 10, 16)),
        Step(StepKind.CLOSED, D(2026, 10, 19)),
    )
    assert (c.phase, c.finished_on) == (Phase.CLOSED, D(2026, 10, 19))


def test_extension_adds_working_days():
    c = run(Step(StepKind.EXTENDED, D(2026, 10, 20), days=20))
    # 40 working days: 27 October is the 20th; 28–30 = 23, 2–6 November = 28, 9–13 = 33,
    # 16–20 = 38, 23 and 24 = 40.
    assert (c.due, c.extension_days) == (D(2026, 11, 24), 20)


def test_third_party_time_is_not_counted():
    asked = Step(
        StepKind.CONSULTATION_STARTED,
        D(2026, 9, 29),
        due_on=clock.due_for_reply(CAL, D(2026, 9, 29), StepKind.CONSULTATION_STARTED).date,
    )
    # 15 working days after 29 September: 30 Sep, 9, 10, 12–16, 19–23, 26, 27 October.
    assert asked.due_on == D(2026, 10, 27)
    waiting = run(asked)
    assert (waiting.phase, waiting.due, waiting.waiting_until) == (
        Phase.CONSULTING,
        None,
        D(2026, 10, 27),
    )
    c = run(asked, Step(StepKind.CONSULTATION_ENDED, D(2026, 10, 12)))
    # Not counted: 30 September, 9, 10 and 12 October = 4; 20 + 4 = 24 → 2 November.
    assert (c.phase, c.paused_days, c.due) == (Phase.PROCESSING, 4, D(2026, 11, 2))


def test_fee_paid_pauses_and_unpaid_closes():
    notice = Step(
        StepKind.FEE_NOTIFIED,
        D(2026, 10, 9),
        due_on=clock.due_for_reply(CAL, D(2026, 10, 9), StepKind.FEE_NOTIFIED).date,
    )
    # 20 working days after 9 October: 10, 12–16 = 6, 19–23 = 11, 26–30 = 16, 2–5 November = 20.
    assert notice.due_on == D(2026, 11, 5)
    assert run(notice).phase == Phase.AWAITING_FEE
    paid = run(notice, Step(StepKind.FEE_PAID, D(2026, 10, 13)))
    # Not counted: 10, 12, 13 October = 3; 23 working days → 30 October.
    assert (paid.paused_days, paid.due) == (3, D(2026, 10, 30))
    unpaid = run(notice, Step(StepKind.CLOSED, D(2026, 11, 6)))
    assert unpaid.phase == Phase.CLOSED


@pytest.mark.parametrize(
    ("today", "urgency", "left"),
    [
        (D(2026, 10, 19), Urgency.RUNNING, 6),
        (D(2026, 10, 20), Urgency.DUE_SOON, 5),
        (D(2026, 10, 27), Urgency.DUE_SOON, 0),
        (D(2026, 10, 28), Urgency.OVERDUE, -1),
        (D(2026, 11, 2), Urgency.OVERDUE, -4),
    ],
)
def test_standing(today, urgency, left):
    s = clock.standing(run(), today, CAL)
    assert (s.urgency, s.days_left) == (urgency, left)


def test_paused_and_finished_standings():
    paused = run(Step(StepKind.FEE_NOTIFIED, D(2026, 10, 9), due_on=D(2026, 11, 5)))
    assert clock.standing(paused, D(2026, 10, 12), CAL).urgency == Urgency.PAUSED
    assert clock.standing(run(Step(StepKind.ANSWERED, RECEIVED)), RECEIVED, CAL) is None


def test_a_year_without_schedule_is_estimated_not_an_error():
    c = run(received=D(2026, 12, 21))
    assert c.estimated
    assert "2027" in c.reasons[0]
    assert c.due == D(2027, 1, 18)  # Monday to Friday: 22–31 Dec = 8, 1–15 Jan = 19, 18 Jan


def test_a_paused_case_waiting_until_a_year_without_schedule_says_estimated():
    from inforequests import todo

    paused = run(Step(StepKind.CORRECTION_REQUESTED, D(2026, 12, 21), due_on=D(2027, 1, 8)))
    assert paused.estimated and "2027" in paused.reasons[0]
    standing = clock.standing(paused, D(2026, 12, 22), CAL)
    assert standing.estimated
    assert todo.due_text(paused, standing) == "计时暂停（待补正，期限 2027年1月8日）（预估）"
    known = run(Step(StepKind.CORRECTION_REQUESTED, D(2026, 10, 12), due_on=D(2026, 10, 20)))
    assert not known.estimated
    assert "预估" not in todo.due_text(known, clock.standing(known, D(2026, 10, 13), CAL))
