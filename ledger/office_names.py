"""
Matching the office names a ledger writes to the bureau's offices.

A name is the office whose name it is; else the office a person mapped it to (OfficeName); else
the one office whose name differs only in the unit word (社会救助处 ↔ 社会救助科 ↔ 社会救助股).
Anything else (another bureau's 处室, 其他部门（单位）, 等) stays as written and is listed for
mapping, so no name in a file is ever dropped or guessed twice.
"""

import re

from ledger.models import OfficeName, Requirement, Responsibility
from offices.models import Office

_UNIT = re.compile(r"(?:处|科|股|室)$")


def _stem(name):
    return _UNIT.sub("", name)


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

    def office_for(self, name):
        if name in self.by_name:
            return self.by_name[name]
        if name in self.mapped:
            return self.mapped[name].office
        if len(_stem(name)) >= 2:
            return self.by_stem.get(_stem(name))
        return None

    def is_listed(self, name):
        """Whether `name` waits for a person: unmatched and not marked as no office."""
        row = self.mapped.get(name)
        if row is not None and (row.office_id or row.not_an_office):
            return False
        return self.office_for(name) is None


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
            for name in names:
                office = matcher.office_for(name)
                if office is None:
                    if name not in unmatched:
                        unmatched.append(name)
                elif office.pk not in seen:
                    seen.add(office.pk)
                    links.append(Responsibility(requirement=requirement, office=office, role=role))
    Responsibility.objects.filter(requirement__in=requirements).delete()
    Responsibility.objects.bulk_create(links)
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
    used = set()
    for row in Requirement.objects.values_list("lead_names", "support_names", "guide_names"):
        for names in row:
            used.update(names)
    return sorted(name for name in used if matcher.is_listed(name))
