"""
The statutory clock of a request (条例 第三十条–第三十三条), as pure functions of its steps.

Nothing here reads the database or today's date: `run(received_on, steps, calendar)` takes the
receipt date, the steps in order (anything with `kind`, `on`, `days` and `due_on`) and a
working-day calendar (`add_working_days(start, n)` and `working_days_between(start, end)`, as
workdays.calendar gives), and says where the case stands. Pages, the to-do list, the self-check,
the reminders and the demo data all ask it, so they can never disagree.

    answer due      20 working days after receipt (第三十三条), counted again from the day a
                    corrected application arrives (第三十条); plus the extension (once, at most
                    20, 第三十三条); plus the working days of every pause
    pauses          consultation of a third party or another agency (第三十二条), the fee notice
                    until payment (国办函〔2020〕109号), the correction notice until the reply:
                    the days after the pause began up to and including the day it ended do not
                    count
    补正 notice      due within 7 working days of receipt
    third party     15 working days to reply
    fee             20 working days to pay (one provincial notice)
"""

from dataclasses import dataclass

from django.db import models

ANSWER_DAYS = 20
EXTENSION_MAX_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
THIRD_PARTY_DAYS = 15
FEE_PAYMENT_DAYS = 20
# 即将到期: this many working days left or fewer.
DUE_SOON_DAYS = 5


class StepKind(models.TextChoices):
    """What can happen to a request after it was received, in the words of the letters."""

    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTION_RECEIVED = "correction_received", "收到补正材料"
    EXTENDED = "extended", "延期答复"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ENDED = "consultation_ended", "收到征求意见答复"
    FEE_NOTIFIED = "fee_notified", "收费通知"
    FEE_PAID = "fee_paid", "已缴费"
    ANSWERED = "answered", "答复"
    CLOSED = "closed", "终止办理"


class Phase(models.TextChoices):
    """Where a case is, derived from its steps (never stored beside them)."""

    PROCESSING = "processing", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已终止"


class Urgency(models.TextChoices):
    """How a running clock stands on a given day."""

    RUNNING = "running", "办理中"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    PAUSED = "paused", "计时暂停"


# pause-starting kind -> (the kind that ends it, the phase while it lasts)
PAUSES = {
    StepKind.CORRECTION_REQUESTED: (StepKind.CORRECTION_RECEIVED, Phase.AWAITING_CORRECTION),
    StepKind.CONSULTATION_STARTED: (StepKind.CONSULTATION_ENDED, Phase.CONSULTING),
    StepKind.FEE_NOTIFIED: (StepKind.FEE_PAID, Phase.AWAITING_FEE),
}
FINAL = {StepKind.ANSWERED: Phase.ANSWERED, StepKind.CLOSED: Phase.CLOSED}


@dataclass(frozen=True)
class Clock:
    """
    A case's clock: `due` is the answer's due date while it runs (None while paused or
    finished), `waiting_until` the date set for whoever the case waits on (the correction, the
    third party's reply, the payment), `estimated` when a count crossed a year without schedule.
    """

    phase: str
    start: object
    due: object
    extension_days: int
    paused_days: int
    correction_notice_due: object
    waiting_until: object
    finished_on: object
    estimated: bool
    reasons: tuple

    @property
    def finished(self):
        return self.finished_on is not None

    @property
    def phase_label(self):
        return Phase(self.phase).label

    @property
    def paused(self):
        return self.phase in (Phase.AWAITING_CORRECTION, Phase.CONSULTING, Phase.AWAITING_FEE)


@dataclass(frozen=True)
class Standing:
    """A clock read on one day: the urgency and the working days left (negative when late)."""

    urgency: str
    days_left: object
    estimated: bool
    reason: str

    @property
    def label(self):
        return Urgency(self.urgency).label


def run(received_on, steps, calendar):
    """The clock after `steps` (in order) of a request received on `received_on`."""
    start = received_on
    extension = paused = 0
    open_pause = None  # (kind, began on, due_on)
    finished_on = final_phase = None
    notes = []

    def note(result):
        if result.estimated and result.reason not in notes:
            notes.append(result.reason)
        return result

    for step in steps:
        kind = step.kind
        if kind in FINAL:
            finished_on, final_phase = step.on, FINAL[kind]
            break
        if kind in PAUSES:
            open_pause = (kind, step.on, step.due_on)
        elif open_pause is not None and kind == PAUSES[open_pause[0]][0]:
            if kind == StepKind.CORRECTION_RECEIVED:
                # The 20 days start again; nothing counted before matters any more.
                start, extension, paused = step.on, 0, 0
            else:
                paused += note(calendar.working_days_between(open_pause[1], step.on)).days
            open_pause = None
        elif kind == StepKind.EXTENDED:
            extension += step.days or 0

    correction_notice_due = note(
        calendar.add_working_days(received_on, CORRECTION_NOTICE_DAYS)
    ).date
    due = waiting_until = None
    if final_phase is not None:
        phase = final_phase
    elif open_pause is not None:
        phase = PAUSES[open_pause[0]][1]
        waiting_until = open_pause[2]
        if waiting_until is not None:
            # The date set for the reply was counted on the calendar too: one in a year nobody
            # entered is an estimate and says so, as the answer's due date does.
            note(calendar.working_days_between(open_pause[1], waiting_until))
    else:
        phase = Phase.PROCESSING
        due = note(calendar.add_working_days(start, ANSWER_DAYS + extension + paused)).date
    return Clock(
        phase=phase,
        start=start,
        due=due,
        extension_days=extension,
        paused_days=paused,
        correction_notice_due=correction_notice_due,
        waiting_until=waiting_until,
        finished_on=finished_on,
        estimated=bool(notes),
        reasons=tuple(notes),
    )


def standing(clock, today, calendar):
    """How `clock` stands on `today`; None for a finished case."""
    if clock.finished:
        return None
    if clock.due is None:
        return Standing(Urgency.PAUSED, None, clock.estimated, "；".join(clock.reasons))
    if today <= clock.due:
        span = calendar.working_days_between(today, clock.due)
        days = span.days
    else:
        span = calendar.working_days_between(clock.due, today)
        days = -span.days
    if today > clock.due:
        urgency = Urgency.OVERDUE
    elif days <= DUE_SOON_DAYS:
        urgency = Urgency.DUE_SOON
    else:
        urgency = Urgency.RUNNING
    reasons = [*clock.reasons, *([span.reason] if span.estimated else [])]
    return Standing(
        urgency, days, clock.estimated or span.estimated, "；".join(dict.fromkeys(reasons))
    )


def due_for_reply(calendar, sent_on, kind):
    """The date set for a reply to a step sent on `sent_on`: third party 15, fee 20 days."""
    days = {
        StepKind.CONSULTATION_STARTED: THIRD_PARTY_DAYS,
        StepKind.FEE_NOTIFIED: FEE_PAYMENT_DAYS,
    }
    return calendar.add_working_days(sent_on, days[kind])
