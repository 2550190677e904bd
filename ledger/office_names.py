"""
Matching the office names a ledger writes to the bureau's offices: one rule, never a guess.

A name is an office only when it is that office's name exactly, or when a person said so in
科室名称对照 (OfficeName). Nothing else links: a provincial ledger's 社会救助处 is the
department's division, not the county's 社会救助科, however alike the words. A name that
differs from one office only in the unit word (处/科/股/室) is shown with that office as a
suggestion for the person, never linked. The closing 等 of a list is no name at all. Unmatched
names stay as written and are listed for mapping, so nothing in a file is lost or guessed.
`Matcher.explain` says which office a name maps to and why; the import preview shows it.
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
BY_NAME = "与本局科室名称相同"
BY_MAPPING = "已在“科室名称对照”中对照"
NOT_AN_OFFICE = "已确认不是本局科室"
UNMATCHED = "未对应到本局科室：按原文保存，列入“科室名称对照”待处理"


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
    """The bureau's offices and mapped names, loaded once (2 queries)."""

    def __init__(self):
        offices = list(Office.objects.all())
        self.by_name = {office.name: office for office in offices}
        stems = {}
        for office in offices:
            stems.setdefault(_stem(office.name), []).append(office)
        self.by_stem = {stem: found[0] for stem, found in stems.items() if len(found) == 1}
        self.mapped = {row.name: row for row in OfficeName.objects.select_related("office")}

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

    Unmatched names get an OfficeName row (without office) so the admin lists them.
    """
    matcher = matcher or Matcher()
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
        [OfficeName(name=name) for name in unmatched if name not in matcher.mapped],
        ignore_conflicts=True,
    )
    return unmatched


def relink_all():
    """After a mapping changes: every requirement's links again (a handful of queries)."""
    return link(list(Requirement.objects.all()))


def waiting_names():
    """Names used by some requirement that still wait for a person to map them."""
    matcher = Matcher()
    rows = Requirement.objects.values_list("lead_names", "support_names", "guide_names")
    return sorted(
        name for name in names_in(n for row in rows for n in row) if matcher.is_listed(name)
    )
