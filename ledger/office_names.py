"""
Matching the office names a ledger writes to the bureau's offices: one rule, never a guess.

A name is an office only when it is that office's name exactly, or when a person said so in
科室名称对照 (OfficeName). Nothing else links: a provincial ledger's 社会救助处 is the
department's division, not the county's 社会救助科, however alike the words. A name that
differs from one office only in the unit word (处/科/股/室) is shown with that office as a
suggestion for the person, never linked. The closing 等 of a list is no name at all. Unmatched
names stay as written and are listed for mapping, so nothing in a file is lost or guessed.
`Matcher.explain` says which office a name maps to and why; the import preview shows it.
Everything is per unit: a ledger's names match its unit's offices and its unit's mappings only,
so a town's 办公室 never links the county's.
"""

import re
from dataclasses import dataclass

from catalogue.resources import insert_rows
from ledger.models import OfficeName, Requirement, Responsibility
from ledger.responsibility import ETC
from offices.models import Office

LINK_FIELDS = ("requirement", "office", "role")
_UNIT = re.compile(r"(?:处|科|股|室)$")

# Why a name maps (or does not), as the preview says it.
BY_NAME = "与本单位科室名称相同"
BY_MAPPING = "已在“科室名称对照”中对照"
NOT_AN_OFFICE = "已确认不是本单位科室"
UNMATCHED = "未对应到本单位科室：按原文保存，列入“科室名称对照”待处理"


def _stem(name):
    return _UNIT.sub("", name)


@dataclass(frozen=True)
class Match:
    """What a written name means: the office (or None), why, and a similar office to consider."""

    name: str
    office: Office | None
    reason: str
    similar: Office | None = None

    @property
    def waits(self):
        """Whether the name waits for a person to map it."""
        return self.reason == UNMATCHED


class Matcher:
    """The unit's offices and mapped names, loaded once (2 queries)."""

    def __init__(self, unit_id):
        self.unit_id = unit_id
        offices = list(Office.objects.filter(unit_id=unit_id))
        self.by_name = {office.name: office for office in offices}
        stems = {}
        for office in offices:
            stems.setdefault(_stem(office.name), []).append(office)
        self.by_stem = {stem: found[0] for stem, found in stems.items() if len(found) == 1}
        self.mapped = {
            row.name: row
            for row in OfficeName.objects.filter(unit_id=unit_id).select_related("office")
        }

    def explain(self, name):
        """The one rule: the office's own name, else a person's mapping; else unmatched."""
        if name in self.by_name:
            return Match(name, self.by_name[name], BY_NAME)
        row = self.mapped.get(name)
        if row is not None and row.office_id:
            return Match(name, row.office, BY_MAPPING)
        if row is not None and row.not_an_office:
            return Match(name, None, NOT_AN_OFFICE)
        similar = self.by_stem.get(_stem(name)) if len(_stem(name)) >= 2 else None
        return Match(name, None, UNMATCHED, similar=similar)

    def office_for(self, name):
        return self.explain(name).office

    def is_listed(self, name):
        """Whether `name` waits for a person: unmatched and not marked as no office."""
        return self.explain(name).waits


def names_in(requirements_names):
    """The distinct names of (lead, support, guide) lists, in order, without the closing 等."""
    seen = {}
    for names in requirements_names:
        for name in names:
            if name != ETC and name not in seen:
                seen[name] = None
    return list(seen)


def link(requirements, matcher=None):
    """
    Rewrite the office links of `requirements` from their names; return the unmatched names.

    Unmatched names get an OfficeName row (without office) of the ledger's unit, so the admin
    lists them. The requirements are of one ledger (so of one unit).
    """
    if not requirements:
        return []
    matcher = matcher or Matcher(_unit_id(requirements[0]))
    links, unmatched = [], []
    for requirement in requirements:
        for role, names in requirement.names_by_role().items():
            seen = set()
            for name in names_in([names]):
                office = matcher.office_for(name)
                if office is None:
                    if matcher.is_listed(name) and name not in unmatched:
                        unmatched.append(name)
                elif office.pk not in seen:
                    seen.add(office.pk)
                    links.append((requirement.pk, office.pk, role))
    Responsibility.objects.filter(requirement__in=[r.pk for r in requirements]).delete()
    if links:  # one INSERT (COPY on PostgreSQL) whatever the number of links
        columns = [Responsibility._meta.get_field(name).column for name in LINK_FIELDS]
        insert_rows(Responsibility._meta.db_table, columns, links)
    OfficeName.objects.bulk_create(
        [
            OfficeName(unit_id=matcher.unit_id, name=name)
            for name in unmatched
            if name not in matcher.mapped
        ],
        ignore_conflicts=True,
    )
    return unmatched


def _unit_id(requirement):
    from ledger.models import Ledger

    ledger = requirement._state.fields_cache.get("ledger")
    if ledger is not None:
        return ledger.unit_id
    return Ledger.objects.filter(pk=requirement.ledger_id).values_list("unit_id", flat=True).get()


def relink_all(unit_id):
    """After a mapping of `unit_id` changes: its requirements' links again (a few queries)."""
    requirements = list(Requirement.objects.filter(ledger__unit_id=unit_id))
    return link(requirements, Matcher(unit_id)) if requirements else []


def waiting_names(unit_id):
    """Names used by some requirement of the unit that still wait for a person to map them."""
    matcher = Matcher(unit_id)
    rows = Requirement.objects.filter(ledger__unit_id=unit_id).values_list(
        "lead_names", "support_names", "guide_names"
    )
    return sorted(
        name for name in names_in(n for row in rows for n in row) if matcher.is_listed(name)
    )
