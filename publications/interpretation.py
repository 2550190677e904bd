"""
Policy interpretation (政策解读): a policy and the publications that explain it.

A publication is an interpretation when it names the policies it explains (Publication.
interprets) and its form (文字, 图解, 简明问答, 音视频). The seeds ask for 同步组织、同步审签、
同步部署: the two are reviewed and published together, so the self-check lists

- a policy marked 需要解读 that is under review or published without any interpretation;
- an interpretation published later than PORTAL_INTERPRETATION_WORKING_DAYS working days after its
  policy (default 0: the same day), or still unpublished past that day.

Each rule returns problems as dicts (office, subject, detail, fix_url, public_url): the self-check
files them under its own rule names.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.formats import date_format

from publications.models import Publication
from workdays.calendar import working_calendar

Status = Publication.Status


def limit_days():
    return getattr(settings, "PORTAL_INTERPRETATION_WORKING_DAYS", 0)


def public_interpretations(policy):
    """The published interpretations of `policy`, newest first: what its page links."""
    return policy.interpretations.published().newest_first()


def public_policies(interpretation):
    """The published policies `interpretation` explains."""
    return interpretation.interprets.published().newest_first()


def with_public_pairs(publications):
    """
    Prefetch onto each of `publications` what public_interpretations and public_policies give,
    as `public_interpretation_list` and `public_policy_list`: two queries for a whole list of
    results, however many there are.
    """
    return publications.prefetch_related(
        Prefetch(
            "interpretations",
            Publication.objects.published().newest_first(),
            to_attr="public_interpretation_list",
        ),
        Prefetch(
            "interprets",
            Publication.objects.published().newest_first(),
            to_attr="public_policy_list",
        ),
    )


def companions(publication):
    """The other halves of `publication`'s pairs (its interpretations, or its policies), any state."""
    return [
        *publication.interpretations.select_related("column").order_by("pk"),
        *publication.interprets.select_related("column").order_by("pk"),
    ]


def _fix_url(pk):
    return reverse("admin:publications_publication_change", args=[pk])


def _public_url(publication):
    return publication.get_absolute_url() if publication.is_published else ""


def _office(publication):
    if publication.drafting_office_id:
        return publication.drafting_office.name
    return publication.column.owner_label or ""


def policies_without_interpretation(today, unit=None):
    """需解读的政策缺少解读: a policy marked 需要解读, submitted or published, explained by none."""
    links = Publication.interprets.through.objects.filter(to_publication=OuterRef("pk"))
    policies = (
        Publication.objects.filter(needs_interpretation=True)
        .exclude(status=Status.DRAFT)
        .exclude(Exists(links))
        .select_related("column__owner_office", "drafting_office")
        .order_by("pk")
    )
    if unit is not None:
        policies = policies.filter(column__unit=unit)
    return [
        {
            "office": _office(policy),
            "subject": policy.title,
            "detail": (
                f"政策标记为“需要解读”，当前状态“{policy.get_status_display()}”，但没有关联的政策解读；"
                "解读应与政策同步审签、同步发布"
            ),
            "fix_url": _fix_url(policy.pk),
            "public_url": _public_url(policy),
        }
        for policy in policies
    ]


def late_interpretations(today, unit=None):
    """解读发布滞后: an interpretation published (or still waiting) past its policy's limit."""
    days = limit_days()
    calendar = working_calendar()
    links = (
        Publication.interprets.through.objects.filter(
            to_publication__status=Status.PUBLISHED, to_publication__published_on__isnull=False
        )
        .select_related(
            "from_publication__column__owner_office",
            "from_publication__drafting_office",
            "to_publication",
        )
        .order_by("from_publication_id", "to_publication_id")
    )
    if unit is not None:
        links = links.filter(from_publication__column__unit=unit)
    limit = "当天" if days == 0 else f"{days} 个工作日内"
    problems = []
    for link in links:
        interpretation, policy = link.from_publication, link.to_publication
        due = calendar.add_working_days(policy.published_on, days)
        estimate = f"（预估：{due.reason}）" if due.estimated else ""
        if interpretation.is_published and interpretation.published_on:
            if interpretation.published_on <= due.date:
                continue
            late = calendar.working_days_between(due.date, interpretation.published_on)
            if late.estimated:
                estimate = f"（预估：{late.reason}）"
            detail = (
                f"解读的政策《{policy.title}》发布于 {date_format(policy.published_on)}，解读应在{limit}"
                f"发布（截止 {date_format(due.date)}），实际发布于 "
                f"{date_format(interpretation.published_on)}，晚 {late.days} 个工作日{estimate}"
            )
        else:
            if today <= due.date:
                continue
            detail = (
                f"解读的政策《{policy.title}》已于 {date_format(policy.published_on)} 发布，解读应在"
                f"{limit}发布（截止 {date_format(due.date)}），至今仍为"
                f"“{interpretation.get_status_display()}”{estimate}"
            )
        problems.append(
            {
                "office": _office(interpretation),
                "subject": interpretation.title,
                "detail": detail,
                "fix_url": _fix_url(interpretation.pk),
                "public_url": _public_url(interpretation),
            }
        )
    return problems


def self_check(facts):
    """The self-check's interpretation rules (publications.apps declares them)."""
    return {
        "interpretation_missing": policies_without_interpretation(facts.today, facts.unit),
        "interpretation_late": late_interpretations(facts.today, facts.unit),
    }
