"""
Who sees and acts on a case: a clerk only on their office's (承办科室) cases; the head of the
disclosure office (公开办负责人, permission manage_all_requests) and superusers on every case,
and only they assign and reassign. The admin (lists, change views, letter downloads, exports)
and the step functions all ask here.
"""

from offices.rights import offices_of

MANAGE_ALL = "inforequests.manage_all_requests"
APPROVE_EXTENSION = "inforequests.approve_extension"


def sees_all(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(MANAGE_ALL)))


def cases(user, queryset):
    """`queryset` narrowed to the cases `user` may see."""
    if sees_all(user):
        return queryset
    return queryset.filter(office__in=offices_of(user))


def office_ids(user):
    cached = getattr(user, "_inforequest_offices", None)
    if cached is None:
        cached = set(offices_of(user).values_list("pk", flat=True))
        user._inforequest_offices = cached
    return cached


def may_act(user, case):
    """Whether `user` may see and take steps on `case`."""
    if not (user and user.is_active):
        return False
    if sees_all(user):
        return True
    return case.office_id is not None and case.office_id in office_ids(user)
