"""
The ledger's self-check rules: overdue requirements, and ongoing ones nobody reports on.

Each rule is a function of `today` returning problems as dicts in the self-check's shape (office,
subject, detail, fix_url, public_url); the selfcheck app files them under its rule names. A
problem is filed under the requirement's lead office (牵头), else the ledger's owner office.
"""

from django.urls import reverse

from ledger import standing
from ledger.models import Ledger, Requirement, Responsibility
from ledger.standing import Standing
from units.links import on_unit_pages

# Last year's ledger is still checked: what it left undone stays overdue.
YEARS_CHECKED = 2


def _lead_offices(requirements):
    rows = Responsibility.objects.filter(
        requirement__in=requirements, role=Responsibility.Role.LEAD
    ).select_related("office")
    by_requirement = {}
    for row in rows.order_by("office__order", "office__name"):
        by_requirement.setdefault(row.requirement_id, []).append(row.office.name)
    return by_requirement


def _standings(today, unit=None):
    ledgers = Ledger.objects.filter(year__gt=today.year - YEARS_CHECKED, year__lte=today.year)
    if unit is not None:
        ledgers = ledgers.filter(unit=unit)
    chosen = Requirement.objects.filter(ledger__in=ledgers)
    requirements = standing.attach(
        chosen.select_related("ledger__owner_office", "ledger__publication", "task").order_by(
            "ledger__year", "order", "id"
        ),
        today,
        public_only=True,
    )
    return requirements, _lead_offices(chosen.values("pk"))


def _public_url(requirement, unit):
    ledger = requirement.ledger
    if not ledger.is_public:
        return ""
    return (
        ledger.get_absolute_url()
        if unit is None
        else on_unit_pages(unit, ledger.get_absolute_url())
    )


def _problem(requirement, leads, detail, unit=None):
    owner = requirement.ledger.owner_office
    office = (leads.get(requirement.pk) or [owner.name if owner else ""])[0]
    number = f"第 {requirement.number} 项" if requirement.number else ""
    return {
        "office": office,
        "subject": f"{requirement.ledger.year}年台账{number}：{requirement.text[:40]}",
        "detail": detail,
        "fix_url": reverse("admin:ledger_requirement_change", args=[requirement.pk]),
        "public_url": _public_url(requirement, unit),
    }


# The self-check's rule codes (declared with their names in ledger.apps).
OVERDUE = "ledger_overdue"
STALE = "ledger_stale"


def find(today, unit=None):
    """
    {OVERDUE: [...], STALE: [...]} on `today`, loaded once for both rules (3 queries, and the calendar once).

    OVERDUE (台账要求逾期): a due date passed and the requirement is not done. STALE (持续推进事项
    未报进展): an ongoing requirement with no public progress for two months.
    """
    requirements, leads = _standings(today, unit)
    found = {OVERDUE: [], STALE: []}
    for r in requirements:
        if r.standing.code == Standing.OVERDUE:
            detail = f"时限要求“{r.deadline_text}”，{r.standing.detail}"
            found[OVERDUE].append(_problem(r, leads, detail, unit))
        elif r.standing.code == Standing.STALE:
            detail = f"{r.standing.detail}，已超过 {standing.STALE_MONTHS} 个月未报进展"
            found[STALE].append(_problem(r, leads, detail, unit))
    return found


def self_check(facts):
    """
    The self-check's ledger rules on the run's day (ledger.apps declares them), over the run's
    unit's ledgers when the run is for one (`facts.unit`).
    """
    return find(facts.today, getattr(facts, "unit", None))
