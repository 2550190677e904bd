"""Month arithmetic, once: a month's last day, and the same day some months away."""

import calendar
import datetime


def month_end(year, month):
    """The last day of `month` of `year`."""
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day, months):
    """
    The same day `months` later (earlier when negative), or that month's last day when it is
    shorter: 31 May + 3 months → 31 August, 31 March − 1 month → 28 or 29 February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, month_end(year, month + 1).day))
