"""
The bureau's working-day calendar, as every request's clock counts on it.

Until the bureau's own calendar app is in place this reads the official schedule that
columns.freshness counts with (chinesecalendar), giving the same interface: Deadline/Span
results with `estimated` set, instead of an error, for a year the schedule does not cover.
"""

import datetime
from dataclasses import dataclass

from columns import freshness

ESTIMATE = "{years}年节假日安排尚未录入，按周一至周五为工作日预估"


@dataclass(frozen=True)
class Result:
    value: object
    estimated: bool = False
    reason: str = ""

    @property
    def date(self):
        return self.value

    @property
    def days(self):
        return self.value


class OfficialCalendar:
    def is_working_day(self, day):
        try:
            return freshness.is_working_day(day)
        except freshness.CalendarOutOfRange:
            return day.weekday() < 5

    def add_working_days(self, start, n):
        day, left, unknown = start, n, set()
        while left:
            day += datetime.timedelta(days=1)
            if not freshness.FIRST_YEAR <= day.year <= freshness.LAST_YEAR:
                unknown.add(day.year)
            left -= self.is_working_day(day)
        return self._result(day, unknown)

    def working_days_between(self, start, end):
        day, count, unknown = start, 0, set()
        while day < end:
            day += datetime.timedelta(days=1)
            if not freshness.FIRST_YEAR <= day.year <= freshness.LAST_YEAR:
                unknown.add(day.year)
            count += self.is_working_day(day)
        return self._result(count, unknown)

    @staticmethod
    def _result(value, unknown):
        if not unknown:
            return Result(value)
        return Result(value, True, ESTIMATE.format(years="、".join(map(str, sorted(unknown)))))


def bureau_calendar():
    return OfficialCalendar()
