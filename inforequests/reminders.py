"""
The daily reminder: each clerk of a handling office gets one e-mail listing that office's open
cases that are due soon (即将到期), overdue, or waiting past a date set for a reply. Cases are
named by 查询码 and matter only, never by the applicant, so a forwarded mail leaks nothing.
Reminders are sent per unit: a unit's cases go to its own offices' clerks only, with the link to
the to-do list at that unit's site address.
"""

import logging

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from inforequests import todo
from inforequests.clock import Urgency
from inforequests.models import InfoRequest

logger = logging.getLogger(__name__)


def needs_attention(entry, today):
    if entry.standing is not None and entry.standing.urgency in (Urgency.DUE_SOON, Urgency.OVERDUE):
        return True
    return entry.state.waiting_until is not None and entry.state.waiting_until <= today


def send(today, calendar, unit):
    """Send the reminders of `unit`'s cases; returns how many e-mails went out."""
    by_office = {}
    cases = InfoRequest.objects.filter(unit=unit, office__unit=unit)
    for entry in todo.entries(cases, today, calendar):
        if needs_attention(entry, today):
            by_office.setdefault(entry.case.office, []).append(entry)
    messages = []
    for office, entries in by_office.items():
        lines = [
            f"{entry.case.query_code}  {entry.phase}  {entry.due}  {entry.case.description[:40]}"
            for entry in entries
        ]
        url = unit.site_url + reverse("admin:inforequests_inforequest_todo")
        body = (
            f"{unit.name}{office.name}有以下政府信息公开申请需要及时办理：\n\n"
            + "\n".join(lines)
            + f"\n\n待办列表：{url}\n"
        )
        for member in office.members.filter(is_active=True).exclude(email=""):
            messages.append(
                EmailMessage(
                    f"依申请公开办理提醒：{unit.name}{office.name} {len(entries)}件",
                    body,
                    None,
                    [member.email],
                )
            )
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
