"""A small calendar with a holiday block and make-up days, and case factories for the tests."""

import datetime
from itertools import count

from inforequests.clock import StepKind
from inforequests.models import (
    ApplicantType,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    InfoRequest,
    RequestStep,
)
from workdays.calendar import WorkingCalendar

D = datetime.date
# National Day 2026 as a test schedule: 1–8 October off; Sunday 27 September and Saturday
# 10 October are make-up working days. 2027 has no schedule (estimated).
DAYS_OFF = [D(2026, 10, day) for day in range(1, 9)]
MAKE_UP = [D(2026, 9, 27), D(2026, 10, 10)]


def small_calendar():
    """The bureau's calendar class with the test schedule; 2027 unentered (estimated)."""
    return WorkingCalendar(DAYS_OFF, MAKE_UP, known_years=[2025, 2026])


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


def fee_case(notified_on, yuan, paid_on=None, closed_unpaid_on=None):
    """
    A case with a fee notice of `yuan` on `notified_on`, paid on `paid_on` or closed as 逾期未缴费
    on `closed_unpaid_on`; the steps written directly, so any year may be used.
    """
    case = make_request(received_on=notified_on - datetime.timedelta(days=3))
    RequestStep.objects.create(
        request=case,
        kind=StepKind.FEE_NOTIFIED,
        on=notified_on,
        fee_method="by_pages",
        fee_amount=yuan,
    )
    if paid_on is not None:
        RequestStep.objects.create(request=case, kind=StepKind.FEE_PAID, on=paid_on)
    if closed_unpaid_on is not None:
        RequestStep.objects.create(
            request=case, kind=StepKind.CLOSED, on=closed_unpaid_on, outcome="other_unpaid"
        )
    return case


def docx_bytes(lines):
    """A real Word document with one paragraph per line."""
    import io

    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def answer(case, outcome, note="见答复内容。", on=None, calendar=None):
    """Draft an answer to `case` and take it through the review to sending, as a superuser."""
    from django.contrib.auth import get_user_model

    from inforequests import answers
    from inforequests.models import Answer

    reviewer = get_user_model().objects.filter(username="answer-reviewer").first()
    if reviewer is None:
        reviewer = get_user_model().objects.create_superuser("answer-reviewer", password="x")
    draft = Answer.objects.filter(request=case).first() or Answer.objects.create(
        request=case, outcome=outcome, note=note or "见答复内容。"
    )
    return answers.review_and_send(reviewer, draft, on=on, calendar=calendar)
