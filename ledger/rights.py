"""
Who reports progress on a requirement: the clerks of its lead and supporting offices.

Superusers and holders of the all-offices right (columns.rights) report for any office.
"""

from columns import rights
from ledger.models import ProgressEntry, Requirement, Responsibility

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


def progress(user, queryset=None):
    """The progress entries `user` may change: those of their own offices."""
    queryset = ProgressEntry.objects.all() if queryset is None else queryset
    if rights.is_unrestricted(user):
        return queryset
    return queryset.filter(office__in=rights.offices_of(user))


def may_report(user, entry):
    """Whether `user` may write `entry`: their office, on a requirement it is responsible for."""
    if rights.is_unrestricted(user):
        return True
    offices = set(rights.offices_of(user).values_list("pk", flat=True))
    if entry.office_id not in offices:
        return False
    return Responsibility.objects.filter(
        requirement_id=entry.requirement_id, office_id=entry.office_id, role__in=REPORTING_ROLES
    ).exists()
