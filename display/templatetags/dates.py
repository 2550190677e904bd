"""
`as_time`: a date as a `<time>` element, read by people in the portal's one date format and by
machines as an ISO date (a valid `datetime`: no fractions of a second beyond three digits).

Loaded as a built-in of the templates (settings), so every template can use it without a load.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def as_time(value):
    """
    `<time datetime="2026-12-07">2026年12月7日</time>`; a date-time is shown on its local day and
    given to machines to the second with its offset (2026-12-07T14:05:09+08:00).
    """
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        machine = value.isoformat(timespec="seconds")
    else:
        machine = value.isoformat()
    return format_html('<time datetime="{}">{}</time>', machine, date_format(value))
