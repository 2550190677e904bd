"""
What a ledger's deadline words mean (时限要求 / 完成时间), as pure functions of text and year.

    年底前, 2021年底前            31 December (of the ledger's year unless a year is written)
    10月底前, 2020年7月底前       the last day of that month
    2020年12月前                  before that month: the last day of the month before
    持续推进, 长期坚持, 长期        ongoing: no due date, reported on periodically

Recurring duties hide in the requirement's own text (每季度…, 按季度公开, 每年…不少于1次,
年度内至少参加1次): they give repeating due dates within the ledger's year.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.db import models

from workdays.months import month_end

ONGOING_WORDS = ("持续推进", "长期坚持", "长期推进", "持续开展", "长期")

_YEAR_END = re.compile(r"(?:(\d{4})\s*年\s*)?(?:年\s*)?底\s*前|(?:(\d{4})\s*年\s*)?年\s*末\s*前")
_MONTH_END = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:底|末)\s*前?")
_MONTH_BEFORE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:份\s*)?前")
_FULL_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?\s*前?")


class Recurrence(models.TextChoices):
    NONE = "", "不重复"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


_RECURRENCE_WORDS = (
    (Recurrence.MONTHLY, re.compile(r"每\s*月|按\s*月|逐月")),
    (Recurrence.QUARTERLY, re.compile(r"每\s*季\s*度?|按\s*季\s*度?|逐季")),
    (Recurrence.HALF_YEARLY, re.compile(r"每\s*半\s*年")),
    (
        Recurrence.YEARLY,
        re.compile(r"每\s*年[^。；;]*?(?:不少于|至少)|年\s*度\s*内[^。；;]*?至少|每\s*年\s*度"),
    ),
)


@dataclass(frozen=True)
class Meaning:
    """What a deadline says: a due date, or ongoing, or neither (not understood)."""

    due: datetime.date | None
    ongoing: bool

    @property
    def understood(self):
        return self.ongoing or self.due is not None


def _normal(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def interpret(text, year):
    """The Meaning of deadline `text` in a ledger for `year`."""
    text = _normal(text)
    if not text:
        return Meaning(None, False)
    if any(word in text for word in ONGOING_WORDS):
        return Meaning(None, True)
    if match := _FULL_DATE.search(text):
        try:
            return Meaning(datetime.date(*(int(part) for part in match.groups())), False)
        except ValueError:
            return Meaning(None, False)
    if match := _MONTH_END.search(text):
        month = int(match.group(2))
        if 1 <= month <= 12:
            return Meaning(month_end(int(match.group(1) or year), month), False)
        return Meaning(None, False)
    if match := _YEAR_END.search(text):
        written = match.group(1) or match.group(2)
        return Meaning(datetime.date(int(written or year), 12, 31), False)
    if match := _MONTH_BEFORE.search(text):
        month, due_year = int(match.group(2)), int(match.group(1) or year)
        if 1 <= month <= 12:
            if month == 1:
                return Meaning(datetime.date(due_year - 1, 12, 31), False)
            return Meaning(month_end(due_year, month - 1), False)
    return Meaning(None, False)


def recurrence_in(text):
    """The repeating duty written in a requirement's text, or Recurrence.NONE."""
    text = _normal(text)
    for recurrence, pattern in _RECURRENCE_WORDS:
        if pattern.search(text):
            return recurrence
    return Recurrence.NONE


_PERIOD_ENDS = {
    Recurrence.MONTHLY: tuple(range(1, 13)),
    Recurrence.QUARTERLY: (3, 6, 9, 12),
    Recurrence.HALF_YEARLY: (6, 12),
    Recurrence.YEARLY: (12,),
}


def repeating_due_dates(recurrence, year):
    """The due dates of a repeating duty within `year`: the last day of each period."""
    return [month_end(year, month) for month in _PERIOD_ENDS.get(recurrence, ())]


def period_start(recurrence, due):
    """The first day of the period that ends on `due`."""
    months = {
        Recurrence.MONTHLY: 1,
        Recurrence.QUARTERLY: 3,
        Recurrence.HALF_YEARLY: 6,
        Recurrence.YEARLY: 12,
    }[recurrence]
    return datetime.date(due.year, due.month - months + 1, 1)
