"""
The self-check rules of messages, as rows the self-check files under its own rule names:

- 留言逾期未答复 / 留言即将到期: open messages past their answer limit, or within
  PORTAL_MESSAGE_WARNING_WORKING_DAYS working days of it;
- unanswered_over_outer_bound: the national website check's own rule (open over three months),
  which the self-check's verdict counts.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from inquiries.models import Message
from workdays.calendar import working_calendar


def open_messages(unit=None):
    """Every message (of `unit`, when given) not yet answered or redirected, oldest first."""
    messages = Message.objects.exclude(status__in=Message.DONE)
    if unit is not None:
        messages = messages.filter(unit=unit)
    return list(messages.select_related("office").order_by("received_at", "pk"))


def _row(message, detail):
    return {
        "office": message.office.name if message.office else "",
        "subject": f"留言：{message.subject}",
        "detail": detail,
        "fix_url": reverse("admin:inquiries_message_change", args=[message.pk]),
        "public_url": "",
    }


def overdue_and_due_soon(today, messages=None):
    """(overdue rows, due-soon rows) of the open `messages` (read when not given)."""
    calendar = working_calendar()
    warning = settings.PORTAL_MESSAGE_WARNING_WORKING_DAYS
    overdue, soon = [], []
    for message in open_messages() if messages is None else messages:
        due, estimated, reason = message.due()
        estimate = f"（预估：{reason}）" if estimated else ""
        received = date_format(message.received_on)
        if today > due:
            days = calendar.working_days_between(due, today).days
            overdue.append(
                _row(
                    message,
                    f"{received} 收到，答复期限 {date_format(due)}，已逾期 {days} 个工作日仍未答复"
                    f"（{message.get_status_display()}）{estimate}",
                )
            )
            continue
        left = calendar.working_days_between(today, due)
        if left.days <= warning:
            soon.append(
                _row(
                    message,
                    f"{received} 收到，答复期限 {date_format(due)}，还剩 {left.days} 个工作日"
                    f"（{message.get_status_display()}）{estimate}",
                )
            )
    return overdue, soon


def unanswered_over_outer_bound(today, messages=None):
    """The open messages the national website check fails a site for (over three months)."""
    messages = open_messages() if messages is None else messages
    return [message for message in messages if message.is_unanswered_over_outer_bound(today)]


def self_check(facts):
    """
    The self-check's message rules (inquiries.apps declares them); the open messages are read
    once per run, shared with the national verdict.
    """
    unit = getattr(facts, "unit", None)
    messages = facts.once(open_messages) if unit is None else facts.once(open_messages, unit)
    overdue, soon = overdue_and_due_soon(facts.today, messages)
    return {"message_overdue": overdue, "message_due_soon": soon}
