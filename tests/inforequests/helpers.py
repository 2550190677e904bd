"""A small calendar with a holiday block and make-up days, and case factories for the tests."""

import datetime
from itertools import count

from inforequests.models import ApplicantType, Channel, Delivery, FormWanted, IdType, InfoRequest

D = datetime.date
# National Day 2026 as a test schedule: 1–8 October off; Sunday 27 September and Saturday
# 10 October are make-up working days. 2027 has no schedule (estimated).
DAYS_OFF = [D(2026, 10, day) for day in range(1, 9)]
MAKE_UP = [D(2026, 9, 27), D(2026, 10, 10)]


class Result:
    def __init__(self, value, estimated):
        self.date = self.days = value
        self.estimated = estimated
        self.reason = "2027年节假日安排尚未录入，按周一至周五为工作日预估" if estimated else ""


class SmallCalendar:
    """The interface of the bureau's calendar (count starts the day after `start`)."""

    known_years = {2025, 2026}

    def is_working_day(self, day):
        return day not in DAYS_OFF and (day in MAKE_UP or day.weekday() < 5)

    def add_working_days(self, start, n):
        day, unknown, left = start, False, n
        while left:
            day += datetime.timedelta(days=1)
            unknown |= day.year not in self.known_years
            left -= self.is_working_day(day)
        return Result(day, unknown)

    def working_days_between(self, start, end):
        days, unknown, day = 0, False, start
        while day < end:
            day += datetime.timedelta(days=1)
            unknown |= day.year not in self.known_years
            days += self.is_working_day(day)
        return Result(days, unknown)


def small_calendar():
    return SmallCalendar()


_seq = count(1)


def make_request(**kwargs):
    n = next(_seq)
    kwargs.setdefault("applicant_type", ApplicantType.CITIZEN)
    kwargs.setdefault("name", f"申请人{n}")
    if kwargs["applicant_type"] == ApplicantType.CITIZEN:
        kwargs.setdefault("id_type", IdType.RESIDENT_ID)
        kwargs.setdefault("id_number", f"34080219800101{n:04d}")
    else:
        kwargs.setdefault("organisation_kind", "business")
        kwargs.setdefault("credit_code", f"91340800MA{n:08d}")
        kwargs.setdefault("contact_person", f"联系人{n}")
    kwargs.setdefault("phone", f"1380000{n:04d}")
    kwargs.setdefault("address", f"示范县人民路{n}号")
    kwargs.setdefault("description", f"关于某项补助的发放文件{n}")
    kwargs.setdefault("form_wanted", FormWanted.ELECTRONIC)
    kwargs.setdefault("delivery", Delivery.EMAIL)
    kwargs.setdefault("channel", Channel.IN_PERSON)
    kwargs.setdefault("received_on", D(2026, 9, 23))
    return InfoRequest.objects.create(**kwargs)
