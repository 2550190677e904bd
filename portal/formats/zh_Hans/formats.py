"""
The portal's one way of writing a date (2026年12月7日) and a time (2026年12月7日 14:05), on public
pages, staff pages and the admin's lists alike: Django's own zh-hans formats, pinned here so that
an upgrade cannot change them. Templates write `{{ value|date }}` or `{{ value|as_time }}`
(display.templatetags.dates); Python writes `django.utils.formats.date_format(value)`.
"""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
