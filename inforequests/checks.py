"""
The self-check rules of requests, as selfcheck lists them: open cases overdue or due within 3
working days, and correction notices (补正) sent later than 7 working days after receipt. Each
rule is a function of the day and the calendar returning problems as dicts of the fields of
selfcheck.rules.Problem; the subject names the case by 查询码, never the applicant.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from inforequests import todo
from inforequests.clock import StepKind, Urgency
from inforequests.models import InfoRequest, RequestStep

DUE = ("request_due", "依申请公开即将到期或已逾期")
CORRECTION_LATE = ("correction_late", "补正告知超过7个工作日")
RULES = (DUE, CORRECTION_LATE)
# Listed from this many working days before the due date (the clock's 即将到期 is 5).
WARN_DAYS = 3


def _problem(rule, case, detail):
    return {
        "rule": rule[0],
        "rule_label": rule[1],
        "office": case.office.name if case.office else todo.NO_OFFICE,
        "subject": f"申请 {case.query_code}（{case.received_on:%Y-%m-%d}收到）",
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
            problems.append(_problem(DUE, entry.case, f"答复期限 {entry.due}"))
    return problems


def late_corrections(entries):
    problems = []
    for entry in entries:
        steps = entry.case.ordered_steps()
        notice = next((s for s in steps if s.kind == StepKind.CORRECTION_REQUESTED), None)
        due = entry.state.correction_notice_due
        if notice is not None and notice.on > due:
            detail = f"补正告知于{notice.on:%Y-%m-%d}发出，应在{due:%Y-%m-%d}前发出"
            problems.append(_problem(CORRECTION_LATE, entry.case, detail))
    return problems


def problems(today, calendar):
    """Both rules over the open cases and those with a correction notice: two queries."""
    corrected = RequestStep.objects.filter(
        request=OuterRef("pk"), kind=StepKind.CORRECTION_REQUESTED
    )
    cases = InfoRequest.objects.with_final().filter(Q(is_finished=False) | Q(Exists(corrected)))
    entries = todo.entries(cases, today, calendar, open_only=False)
    return due_or_overdue(entries) + late_corrections(entries)
