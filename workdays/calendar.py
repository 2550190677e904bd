"""
Stand-in for the working-day calendar app, with its interface, until that app is merged.

    cal = working_calendar()
    cal.is_working_day(day); cal.add_working_days(start, n) -> Deadline
    cal.working_days_between(start, end) -> Span

Counts on chinesecalendar (columns.freshness); a year it does not know is counted Monday to
Friday and the result is marked estimated (预估), never an exception.
"""

import datetime
from dataclasses import dataclass

from columns import freshness

ESTIMATE_RULE = "按周一至周五为工作日预估"


@dataclass(frozen=True)
class Deadline:
    date: datetime.date
    estimated: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Span:
    days: int
    estimated: bool = False
    reason: str = ""


class WorkingCalendar:
    def _known(self, day):
        return freshness.FIRST_YEAR <= day.year <= freshness.LAST_YEAR

    def _reason(self, years):
        return f"{'、'.join(str(y) for y in sorted(years))}年节假日安排尚未录入，{ESTIMATE_RULE}"

    def is_working_day(self, day):
        if self._known(day):
            return freshness.is_working_day(day)
        return day.weekday() < 5

    def add_working_days(self, start, n):
        day, remaining, unknown = start, n, set()
        while remaining:
            day += datetime.timedelta(days=1)
            if not self._known(day):
                unknown.add(day.year)
            if self.is_working_day(day):
                remaining -= 1
        return Deadline(day, bool(unknown), self._reason(unknown) if unknown else "")

    def working_days_between(self, start, end):
        sign, (a, b) = (1, (start, end)) if start <= end else (-1, (end, start))
        days, unknown, day = 0, set(), a
        while day < b:
            day += datetime.timedelta(days=1)
            if not self._known(day):
                unknown.add(day.year)
            if self.is_working_day(day):
                days += 1
        return Span(sign * days, bool(unknown), self._reason(unknown) if unknown else "")


def working_calendar():
    return WorkingCalendar()
