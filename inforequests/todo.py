"""
The to-do list per handling office: open cases ordered by the next date that matters (the
answer's due date, or the date set for a correction, a reply or a payment), and the hints the
registration shows. Steps are prefetched, so the list costs the same queries for any number of
cases.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from inforequests import clock
from inforequests.clock import Phase, Urgency
from inforequests.models import InfoRequest

NO_OFFICE = "未分派承办科室"
# Same applicant within this many days: shown as a hint, never refused.
DUPLICATE_WINDOW_DAYS = 180


@dataclass
class Entry:
    case: object
    state: object
    standing: object

    @property
    def next_date(self):
        return self.state.due or self.state.waiting_until or datetime.date.max

    @property
    def phase(self):
        return phase_text(self.state, self.standing)

    @property
    def due(self):
        return due_text(self.state, self.standing)

    @property
    def urgent(self):
        return self.standing is not None and self.standing.urgency in (
            Urgency.DUE_SOON,
            Urgency.OVERDUE,
        )


def phase_text(state, standing):
    """The case's phase, with its urgency when that says more (即将到期, 已逾期), never 办理中（办理中）."""
    label = Phase(state.phase).label
    if standing is not None and state.due is not None and standing.urgency != Urgency.RUNNING:
        return f"{label}（{standing.label}）"
    return label


def due_text(state, standing):
    if state.finished:
        return f"已于{date_format(state.finished_on)}办结"
    if state.due is None:
        until = f"，期限 {date_format(state.waiting_until)}" if state.waiting_until else ""
        return f"计时暂停（{Phase(state.phase).label}{until}）" + _estimated(standing)
    left = standing.days_left
    text = (
        f"{date_format(state.due)}，剩余{left}个工作日"
        if left >= 0
        else f"{date_format(state.due)}，已逾期{-left}个工作日"
    )
    return text + _estimated(standing)


def _estimated(standing):
    return "（预估）" if standing is not None and standing.estimated else ""


def entries(queryset, today, calendar, open_only=True):
    """Every (open) case of `queryset` with its clock, ordered by the next date."""
    cases = queryset.open() if open_only else queryset
    cases = cases.select_related("office").prefetch_related("steps")
    result = []
    for case in cases:
        state = case.clock(calendar)
        result.append(Entry(case, state, clock.standing(state, today, calendar)))
    return sorted(
        result, key=lambda entry: (entry.next_date, entry.case.received_on, entry.case.pk)
    )


def by_office(queryset, today, calendar):
    """[(office name, [entries])]: offices in their order, unassigned cases first."""
    groups = {}
    for entry in entries(queryset, today, calendar):
        office = entry.case.office
        key = (-1, "") if office is None else (office.order, office.name)
        groups.setdefault(key, (office.name if office else NO_OFFICE, []))[1].append(entry)
    return [groups[key] for key in sorted(groups)]


def possible_duplicates(case):
    """Other cases of the same applicant (ID or credit code) the case's unit received lately."""
    key = case.credit_code or case.id_number
    if not key:
        return []
    since = case.received_on - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    field = "credit_code" if case.credit_code else "id_number"
    return list(
        InfoRequest.objects.filter(
            **{field: key}, unit_id=case.unit_id, received_on__gte=since
        ).exclude(pk=case.pk)[:5]
    )
