"""
The self-check rules of requests, as selfcheck lists them: open cases overdue or due within 3
working days, and correction notices (补正) sent later than 7 working days after receipt. Each
rule returns rows of the self-check's shape (office, subject, detail, fix_url, public_url) under
its code (declared with its name in inforequests.apps); the subject names the case by 查询码,
never the applicant.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format

from inforequests import todo
from inforequests.clock import StepKind, Urgency
from inforequests.days import bureau_calendar
from inforequests.models import InfoRequest, RequestStep

DUE = "request_due"
CORRECTION_LATE = "correction_late"
# Listed from this many working days before the due date (the clock's 即将到期 is 5).
WARN_DAYS = 3


def _problem(case, detail):
    return {
        "office": case.office.name if case.office else todo.NO_OFFICE,
        "subject": f"申请 {case.query_code}（{date_format(case.received_on)}收到）",
        "detail": detail,
        "fix_url": reverse("admin:inforequests_inforequest_change", args=[case.pk]),
        "public_url": "",
    }


def due_or_overdue(entries):
    problems = []
    for entry in entries:
        standing = entry.standing
        if standing is None or standing.days_left is None:
            continue
        if standing.urgency == Urgency.OVERDUE or standing.days_left <= WARN_DAYS:
            problems.append(_problem(entry.case, f"答复期限 {entry.due}"))
    return problems


def late_corrections(entries):
    problems = []
    for entry in entries:
        steps = entry.case.ordered_steps()
        notice = next((s for s in steps if s.kind == StepKind.CORRECTION_REQUESTED), None)
        due = entry.state.correction_notice_due
        if notice is not None and notice.on > due:
            detail = f"补正告知于{date_format(notice.on)}发出，应在{date_format(due)}前发出"
            problems.append(_problem(entry.case, detail))
    return problems


def problems(today, calendar, unit=None):
    """
    {DUE: rows, CORRECTION_LATE: rows} over the open cases and those with a correction
    notice (of `unit` when given): two queries.
    """
    corrected = RequestStep.objects.filter(
        request=OuterRef("pk"), kind=StepKind.CORRECTION_REQUESTED
    )
    cases = InfoRequest.objects.with_final().filter(Q(is_finished=False) | Q(Exists(corrected)))
    if unit is not None:
        cases = cases.filter(unit=unit)
    entries = todo.entries(cases, today, calendar, open_only=False)
    return {DUE: due_or_overdue(entries), CORRECTION_LATE: late_corrections(entries)}


def self_check(facts):
    """
    The self-check's request rules on the run's day (inforequests.apps declares them), over the
    cases of the run's unit when the run is for one (`facts.unit`).
    """
    return problems(facts.today, bureau_calendar(), getattr(facts, "unit", None))
