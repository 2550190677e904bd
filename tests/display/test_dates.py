"""One way to write a date: 2026年12月7日 for people, an ISO date in <time> for machines."""

import datetime

from django.template import Context, Template
from django.utils import timezone

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def render(text, **context):
    return Template(text).render(Context(context))


def test_as_time_gives_a_valid_datetime_and_the_portal_s_date():
    # Stored in UTC with microseconds; it is already 8 December in Beijing.
    moment = datetime.datetime(2026, 12, 7, 18, 30, 5, 123456, tzinfo=datetime.UTC)
    with timezone.override(SHANGHAI):
        html = render("{{ moment|as_time }}", moment=moment)
    assert html == '<time datetime="2026-12-08T02:30:05+08:00">2026年12月8日</time>'


def test_plain_date_filter_and_date_time_use_the_pinned_formats():
    day = datetime.date(2026, 12, 7)
    moment = datetime.datetime(2026, 12, 7, 9, 5)
    html = render('{{ day|date }} {{ moment|date:"DATETIME_FORMAT" }}', day=day, moment=moment)
    assert html == "2026年12月7日 2026年12月7日 09:05"


def test_no_date_renders_nothing():
    assert render("{{ nothing|as_time }}", nothing=None) == ""
