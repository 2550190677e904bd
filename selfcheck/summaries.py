"""
Each unit's last self-check, kept so that a parent unit reads its children at a glance.

A county's head sees a table of its towns with their problem counts and the national check's
verdict, each linking to the town's own (read-only) list; a province sees its counties the same
way. Running every child's rules for that table would cost one run per child; reading the
counts each run for today stored costs one query, however many children there are. The daily
`manage.py selfcheck --all-units` keeps every unit's row fresh.
"""

from django.utils import timezone

from selfcheck.models import LastCheck
from units.models import Unit


def record(report, now=None):
    """Store `report` (rules.Report) as its unit's last check when it was run for today (1 query)."""
    now = now or timezone.now()
    if report.today != timezone.localdate(now):
        return None  # a check of another day (manage.py selfcheck --date) is not the last
    row = LastCheck(
        unit=report.unit,
        checked_on=report.today,
        checked_at=now,
        problems=report.total,
        passed=report.verdict.passed,
        counts=report.counts,
    )
    LastCheck.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["unit"],
        update_fields=["checked_on", "checked_at", "problems", "passed", "counts"],
    )
    return row


def children(unit):
    """[(child unit, its LastCheck or None)] of the units directly below `unit` (1 query)."""
    rows = Unit.objects.filter(parent=unit).select_related("last_check").order_by("order", "pk")
    return [(child, getattr(child, "last_check", None)) for child in rows]
