"""
Who reports progress on a requirement: the clerks of its lead and supporting offices.

offices.rights gives a clerk the entries of their own offices (ProgressEntry.office_path); this
module adds that the office must lead or support the requirement.

Superusers and holders of the all-offices right (offices.rights) report for any office.
"""

from ledger.models import Requirement, Responsibility
from offices import rights

REPORTING_ROLES = (Responsibility.Role.LEAD, Responsibility.Role.SUPPORT)


def requirements(user, queryset=None):
    """The requirements `user` may report on."""
    queryset = Requirement.objects.all() if queryset is None else queryset
    if rights.is_unrestricted(user):
        return queryset
    return queryset.filter(
        responsibility__office__in=rights.offices_of(user),
        responsibility__role__in=REPORTING_ROLES,
    ).distinct()
