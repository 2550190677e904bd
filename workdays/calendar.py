"""
Working days on the bureau's calendar: the one module every deadline is counted with.

    from workdays.calendar import working_calendar
    cal = working_calendar()
    cal.is_working_day(day)               # bool, any year
    cal.add_working_days(start, n)        # Deadline(date, estimated, reason)
    cal.working_days_between(start, end)  # Span(days, estimated, reason)
    cal.estimated_years                   # years with no schedule (see WorkingCalendar)

A working day is Monday to Friday unless the year's schedule makes it a day off (放假), plus the
make-up weekend days (调休上班) of the schedule. A year nobody entered is counted Monday to
Friday and every result whose count touches it is marked estimated (预估) with a reason in
Chinese, never an exception.

The stored calendar is read with one query at most once per request (or command), and kept in
the process under the version token that workdays.store changes in the same transaction as any
edit, so an edit in one process is seen by all others at their next request.
"""

import datetime
import threading
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

ESTIMATE_RULE = "按周一至周五为工作日预估"


@dataclass(frozen=True)
class Deadline:
    """The day a count of working days ends on; `estimated` when it crossed an unknown year."""

    date: datetime.date
    estimated: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Span:
    """A number of working days; `estimated` when the days crossed an unknown year."""

    days: int
    estimated: bool = False
    reason: str = ""


def estimate_reason(years):
    """The Chinese sentence shown with an estimate: which years are missing and what is assumed."""
    years = sorted(years)
    if not years:
        return ""
    return f"{'、'.join(str(year) for year in years)}年节假日安排尚未录入，{ESTIMATE_RULE}"


def _as_date(day):
    return day.date() if isinstance(day, datetime.datetime) else day


class WorkingCalendar:
    """An immutable calendar: the days off, the make-up working days and the scheduled years."""

    def __init__(self, days_off=(), make_up_days=(), known_years=(), version=None):
        self.days_off = frozenset(days_off)
        self.make_up_days = frozenset(make_up_days)
        self.known_years = frozenset(known_years)
        self.version = version

    def is_estimated_year(self, year):
        return year not in self.known_years

    @property
    def estimated_years(self):
        """
        The years without a schedule from the first scheduled year through next year.

        Earlier and later years are estimated too (is_estimated_year); these are the ones a
        person is expected to enter.
        """
        today = timezone.localdate()
        first = min(self.known_years, default=today.year)
        last = max(today.year + 1, *self.known_years) if self.known_years else today.year + 1
        return frozenset(year for year in range(first, last + 1) if year not in self.known_years)

    def is_working_day(self, day):
        """True on a working day: make-up weekend days included, days off excluded."""
        day = _as_date(day)
        if day in self.days_off:
            return False
        return day in self.make_up_days or day.weekday() < 5

    def add_working_days(self, start, n):
        """
        The n-th working day after `start` (the deadline of "之日起n个工作日内").

        The count starts the day after `start`, which never counts itself; n=0 is `start`.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        day = _as_date(start)
        unknown = set()
        remaining = n
        try:
            while remaining:
                day += datetime.timedelta(days=1)
                if day.year not in self.known_years:
                    unknown.add(day.year)
                if self.is_working_day(day):
                    remaining -= 1
        except OverflowError:
            return Deadline(datetime.date.max, True, "超出可计算的日期范围")
        return Deadline(day, bool(unknown), estimate_reason(unknown))

    def working_days_between(self, start, end):
        """The working days after `start` up to and including `end`; 0 if `end` <= `start`."""
        start, end = _as_date(start), _as_date(end)
        count, unknown = 0, set()
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if day.year not in self.known_years:
                unknown.add(day.year)
            if self.is_working_day(day):
                count += 1
        return Span(count, bool(unknown), estimate_reason(unknown))


# --- the stored calendar, cached in the process ------------------------------------------------

_cached = WorkingCalendar(version=object())  # a version no database holds: the first call reads
_lock = threading.Lock()
_unit = threading.local()


def new_unit_of_work(**kwargs):
    """Check the version again at the next call: a request started, or the calendar changed."""
    _unit.checked = False


def forget():
    """Drop what this process knows: the next call reads the version (and the days) again."""
    global _cached
    with _lock:
        _cached = WorkingCalendar(version=object())
    new_unit_of_work()


def _read(known_token):
    """
    The version token and, only when it differs from `known_token`, every scheduled year and day.

    One query whatever happens: the version row, then the years and days under a NOT EXISTS on
    the token, so a process that is up to date reads one short row.
    """
    from workdays.models import CalendarVersion, Schedule, ScheduleDay

    version = CalendarVersion._meta.db_table
    schedule = Schedule._meta.db_table
    day = ScheduleDay._meta.db_table
    stale = f"NOT EXISTS (SELECT 1 FROM {version} v2 WHERE v2.token = %s)"
    sql = (
        f"SELECT 'v', token, NULL FROM {version} "
        f"UNION ALL SELECT 'y', CAST(s.year AS TEXT), NULL FROM {schedule} s WHERE {stale} "
        f"UNION ALL SELECT 'd', CAST(d.date AS TEXT), d.kind FROM {day} d WHERE {stale}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [known_token or "", known_token or ""])
        return cursor.fetchall()


def working_calendar():
    """The stored calendar, read at most once per request or command (one query)."""
    global _cached
    cached = _cached
    if getattr(_unit, "checked", False):
        return cached
    known = cached.version if isinstance(cached.version, str) else None
    rows = _read(known)
    token = next((value for tag, value, _ in rows if tag == "v"), None)
    if token is None or token != known:
        off, work, years = [], [], []
        for tag, value, kind in rows:
            if tag == "y":
                years.append(int(value))
            elif tag == "d":
                day = datetime.date.fromisoformat(str(value)[:10])
                (off if kind == "off" else work).append(day)
        cached = WorkingCalendar(off, work, years, version=token)
        with _lock:
            _cached = cached
    _unit.checked = True
    return cached
