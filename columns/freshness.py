"""
Whether a column keeps its promised update frequency.

Periodic columns are due by calendar month, quarter and year ends; timely columns by the
working-day deadlines their items promise ("N个工作日", parsed here), counted on the bureau's
calendar (workdays.calendar) by disclosure.standing.

Pure functions of dates and strings: no models, no database, so pages, reports and importers
can share them.
"""

import datetime
import re
import unicodedata

from django.db import models

from workdays.months import add_months, month_end

# The values of columns.models.Column.Frequency (kept as plain strings so that this module
# does not import models).
TIMELY = "timely"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
YEARLY = "yearly"

# A periodic column is "due soon" from this many calendar days before its due date, the due
# date included. Calendar days rather than working days: due dates are calendar month, quarter
# and year ends, and the warning then does not depend on the holiday calendar.
DUE_SOON_DAYS = 7

# When no item of a timely (及时更新) column writes a working-day deadline, the law's applies:
# 《中华人民共和国政府信息公开条例》第二十六条, proactive information is published within 20
# working days of being made or changed.
STATUTORY_WORKING_DAYS = 20


class Freshness(models.TextChoices):
    """How a periodic column stands against its update frequency."""

    OK = "ok", "正常"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    EMPTY = "empty", "暂无信息"


def _as_date(day):
    return day.date() if isinstance(day, datetime.datetime) else day


_CHINESE_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DEADLINE = re.compile(r"(\d+|[一二两三四五六七八九十]+)\s*个\s*工作日")


def _chinese_number(text):
    """1..99 written in Chinese numerals (十, 十二, 二十, 二十五), or None."""
    if "十" not in text:
        return _CHINESE_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    tens_value = _CHINESE_DIGITS.get(tens, 1 if not tens else None)
    units_value = _CHINESE_DIGITS.get(units, 0 if not units else None)
    if tens_value is None or units_value is None:
        return None
    return tens_value * 10 + units_value


def parse_working_day_deadline(text):
    """
    The first "N个工作日" of a deadline text, as an int, or None.

    The first one is the publication deadline ("…之日起10个工作日内予以公开，公示7个工作日" gives
    10, not the notice period). Full-width digits (１０) and Chinese numerals (十, 二十) count.
    """
    if not text:
        return None
    # NFKC turns full-width digits and spaces into ASCII ones.
    for match in _DEADLINE.finditer(unicodedata.normalize("NFKC", text)):
        number = match.group(1)
        value = int(number) if number.isdigit() else _chinese_number(number)
        if value is not None:
            return value
    return None


def next_due(frequency, last_published):
    """
    The date by which a periodic column must publish again, or None if it never published.

    - monthly: the last day of the month after the month of the last publication
      (published 2026-01-31 or 2026-01-01 → due 2026-02-28);
    - quarterly: the last day of the quarter after the quarter of the last publication
      (published 2026-03-31 → due 2026-06-30; published 2026-04-01 → due 2026-09-30);
    - yearly: 31 December of the year after the last publication
      (published 2025-01-01 → due 2026-12-31).

    None means due now: a column that never published is already late (status EMPTY).
    Timely columns have no periodic due date (their items' deadlines apply): ValueError.
    """
    if frequency not in (MONTHLY, QUARTERLY, YEARLY):
        raise ValueError(f"no periodic due date for frequency {frequency!r}")
    if last_published is None:
        return None
    last = _as_date(last_published)
    if frequency == MONTHLY:
        following = add_months(last.replace(day=1), 1)
        return month_end(following.year, following.month)
    if frequency == QUARTERLY:
        quarter_start = last.replace(month=(last.month - 1) // 3 * 3 + 1, day=1)
        following_end = add_months(quarter_start, 5)  # the next quarter's last month
        return month_end(following_end.year, following_end.month)
    return datetime.date(last.year + 1, 12, 31)


def status(frequency, last_published, today):
    """
    The Freshness of a column on `today`, or None for a timely (及时更新) column.

    EMPTY without any publication; OVERDUE from the day after the due date; DUE_SOON from
    DUE_SOON_DAYS calendar days before the due date through the due date itself; OK before.
    Timely columns are judged by their items' working-day deadlines instead.
    """
    if frequency == TIMELY:
        return None
    due = next_due(frequency, last_published)
    if due is None:
        return Freshness.EMPTY
    days_left = (due - _as_date(today)).days
    if days_left < 0:
        return Freshness.OVERDUE
    if days_left <= DUE_SOON_DAYS:
        return Freshness.DUE_SOON
    return Freshness.OK
