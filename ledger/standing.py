"""
Where each requirement stands today: its latest progress against its due dates.

    done         the latest progress says 已完成
    overdue      a due date has passed without it being done (a repeating duty: a period ended
                 with no progress reported within it)
    due_soon     the next due date is within DUE_SOON_WORKING_DAYS working days
    ongoing      持续推进: no due date; stale when nothing was reported for STALE_MONTHS months
    open         anything else

Working days come from the bureau's calendar; a year the calendar does not hold is counted as
Monday to Friday and the answer says it is estimated (预估), never an error.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from ledger import deadlines
from ledger.models import ProgressEntry
from workdays.calendar import working_calendar
from workdays.months import add_months

DUE_SOON_WORKING_DAYS = 10
STALE_MONTHS = 2


class Standing:
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ONGOING = "ongoing"
    STALE = "stale"
    OPEN = "open"

    LABELS = {
        DONE: "已完成",
        OVERDUE: "已逾期",
        DUE_SOON: "即将到期",
        ONGOING: "持续推进",
        STALE: "持续推进（两个月未报进展）",
        OPEN: "按期推进",
    }


@dataclass(frozen=True)
class Status:
    code: str
    next_due: datetime.date | None
    missed_due: datetime.date | None
    working_days: int | None  # to the next due date, or past the missed one
    estimated: bool
    latest: ProgressEntry | None
    # A repeating duty: the first day of the earliest period with no progress, and how many
    # periods up to today had none.
    missed_from: datetime.date | None = None
    missed_periods: int = 0
    recurrence_label: str = ""  # 每季度 …

    @property
    def label(self):
        return Standing.LABELS[self.code]

    @property
    def detail(self):
        """A short Chinese explanation: what is due when, or how late."""
        suffix = "（预估）" if self.estimated else ""
        if self.code == Standing.OVERDUE and self.missed_from:
            periods = (
                f"共 {self.missed_periods} 期未报进展，最早一期" if self.missed_periods > 1 else ""
            )
            return (
                f"{self.recurrence_label}报送进展，{periods}{date_format(self.missed_from)} 至 "
                f"{date_format(self.missed_due)} 未报进展，已逾期 {self.working_days} 个工作日{suffix}"
            )
        if self.code == Standing.OVERDUE:
            return f"应于 {date_format(self.missed_due)} 前完成，已逾期 {self.working_days} 个工作日{suffix}"
        if self.code in (Standing.DUE_SOON, Standing.OPEN) and self.next_due:
            return f"应于 {date_format(self.next_due)} 前完成，剩余 {self.working_days} 个工作日{suffix}"
        if self.code == Standing.STALE:
            last = date_format(self.latest.reported_on) if self.latest else "从未填报"
            return f"持续推进事项，最近一次进展：{last}"
        return ""


def working_days_between(start, end):
    """(working days after `start` up to `end`, estimated?) on the bureau's calendar."""
    span = working_calendar().working_days_between(start, end)
    return span.days, span.estimated


def status(requirement, entries, today, count_days=True):
    """
    The Status of `requirement` on `today`; `entries` its progress, newest first.

    Without `count_days` the working days are left out (None): counting only the codes of a
    whole ledger need not walk the calendar once per requirement.
    """
    latest = entries[0] if entries else None
    if (
        latest is not None
        and latest.state == ProgressEntry.State.DONE
        and not requirement.recurrence
    ):
        return Status(Standing.DONE, None, None, None, False, latest)
    if requirement.ongoing and not requirement.recurrence:
        stale = latest is None or latest.reported_on < add_months(today, -STALE_MONTHS)
        code = Standing.STALE if stale else Standing.ONGOING
        return Status(code, None, None, None, False, latest)
    missed, missed_from, missed_periods, upcoming = None, None, 0, None
    reported = sorted(entry.reported_on for entry in entries)
    for due in requirement.due_dates():
        if due >= today:
            upcoming = due
            break
        if requirement.recurrence and due != requirement.due:
            start = deadlines.period_start(requirement.recurrence, due)
            if not any(start <= day <= due for day in reported):
                missed_from = missed_from or start
                missed = missed or due
                missed_periods += 1
        elif latest is None or latest.state != ProgressEntry.State.DONE:
            missed = missed or due
    if missed is not None:
        days, estimated = working_days_between(missed, today) if count_days else (None, False)
        if missed_from is not None:  # a period of a repeating duty went unreported
            return Status(
                Standing.OVERDUE,
                upcoming,
                missed,
                days,
                estimated,
                latest,
                missed_from,
                missed_periods,
                requirement.get_recurrence_display(),
            )
        return Status(Standing.OVERDUE, upcoming, missed, days, estimated, latest)
    if upcoming is None:
        code = (
            Standing.DONE if latest and latest.state == ProgressEntry.State.DONE else Standing.OPEN
        )
        if requirement.ongoing:
            code = Standing.ONGOING
        return Status(code, None, None, None, False, latest)
    if not count_days:  # due soon or on time: told apart by the working days only
        return Status(Standing.OPEN, upcoming, None, None, False, latest)
    days, estimated = working_days_between(today, upcoming)
    code = Standing.DUE_SOON if days <= DUE_SOON_WORKING_DAYS else Standing.OPEN
    return Status(code, upcoming, None, days, estimated, latest)


def progress_by_requirement(requirements, public_only=False):
    """{requirement id: [entries, newest first]} in one query."""
    entries = ProgressEntry.objects.filter(requirement__in=requirements).select_related("office")
    if public_only:
        entries = entries.filter(ProgressEntry.public_filter())
    by_requirement = {}
    for entry in entries.order_by("-reported_on", "-id"):
        by_requirement.setdefault(entry.requirement_id, []).append(entry)
    return by_requirement


def attach(requirements, today, public_only=False):
    """
    Set `standing` and `entries` on each requirement (1 query).

    `requirements` may be a queryset: the progress is then read through it as a subquery, so
    the count of queries is the same when it is empty.
    """
    progress = progress_by_requirement(requirements, public_only=public_only)
    requirements = list(requirements)
    for requirement in requirements:
        requirement.entries = progress.get(requirement.pk, [])
        requirement.standing = status(requirement, requirement.entries, today)
    return requirements
