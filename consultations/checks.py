"""
The self-check rules of consultations, as rows the self-check files under its own rule names:

- 征集结束未反馈: a public consultation ended more than PORTAL_CONSULTATION_FEEDBACK_WORKING_DAYS
  working days ago without published feedback;
- 年度未开展意见征集: a year the portal published in that ended without any public
  consultation (seed 002: at least one a year), and the current year once it reaches
  PORTAL_CONSULTATION_REMINDER_MONTH without one.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from consultations.models import Consultation, State
from units.links import on_unit_pages
from workdays.calendar import working_calendar


def _fix_url(consultation):
    return reverse("admin:consultations_consultation_change", args=[consultation.pk])


def _public(unit):
    consultations = Consultation.objects.public()
    return consultations if unit is None else consultations.filter(unit=unit)


def _public_url(unit, path):
    return path if unit is None else on_unit_pages(unit, path)


def feedback_overdue(today, unit=None):
    days = settings.PORTAL_CONSULTATION_FEEDBACK_WORKING_DAYS
    calendar = working_calendar()
    ended = (
        _public(unit)
        .filter(ends_on__lt=today)
        .select_related("office", "feedback")
        .order_by("ends_on", "pk")
    )
    rows = []
    for consultation in ended:
        if consultation.state_on(today) != State.ENDED:
            continue
        due = calendar.add_working_days(consultation.ends_on, days)
        if today <= due.date:
            continue
        estimate = f"（预估：{due.reason}）" if due.estimated else ""
        rows.append(
            {
                "office": consultation.office.name,
                "subject": consultation.title,
                "detail": (
                    f"征集于 {date_format(consultation.ends_on)} 结束，应在 {days} 个工作日内"
                    f"（{date_format(due.date)} 前）公布意见反馈，至今未发布{estimate}"
                ),
                "fix_url": _fix_url(consultation),
                "public_url": _public_url(unit, consultation.get_absolute_url()),
            }
        )
    return rows


def year_without_consultation(today, first_year, unit=None):
    """
    Years from `first_year` (the portal's first publication) that have no consultation: the
    past ones, and this one from the reminder month on. None when the portal never published.
    """
    if first_year is None:
        return []
    last = (
        today.year if today.month >= settings.PORTAL_CONSULTATION_REMINDER_MONTH else today.year - 1
    )
    if last < first_year:
        return []
    years = set(
        _public(unit)
        .filter(starts_on__year__gte=first_year, starts_on__year__lte=last)
        .order_by()
        .values_list("starts_on__year", flat=True)
        .distinct()
    )
    rows = []
    for year in range(first_year, last + 1):
        if year in years:
            continue
        when = "尚未" if year == today.year else "未"
        rows.append(
            {
                "office": "",
                "subject": f"{year}年意见征集",
                "detail": f"{year}年{when}公开开展意见征集，每年应至少开展一次重大决策预公开意见征集",
                "fix_url": reverse("admin:consultations_consultation_changelist"),
                "public_url": _public_url(unit, reverse("consultations:consultation-list")),
            }
        )
    return rows


def self_check(facts):
    """
    The self-check's consultation rules (consultations.apps declares them), over the run's
    unit's consultations when the run is for one (`facts.unit`).
    """
    unit = getattr(facts, "unit", None)
    return {
        "consultation_no_feedback": feedback_overdue(facts.today, unit),
        "consultation_none_in_year": year_without_consultation(facts.today, facts.first_year, unit),
    }
