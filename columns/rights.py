"""
Per-office rights: a clerk (信息员) creates and changes only what their office (科室) owns.

    item         its domain's 主管科室 (Domain.owner_office) is one of the user's offices
    column       owned by one of them (负责方式 指定科室), or collective (各科室, 各相关科室,
                 谁承办谁更新) and assigned to one of them by the head (Column.assigned_offices)
    publication  its column is one of the user's columns

Superusers and holders of MANAGE_ALL_OFFICES (公开办负责人, 分管领导, 站点管理员) are not bound to
offices. Anyone else with no office may change nothing. This module is the one place the rule
lives: the admin (querysets, object permissions, form choices, imports) and the review
(review.workflow.may_act_on) ask here. Reading is not restricted by it: public data is public,
and what the admin lists is narrowed so that clerks work on their own rows.
"""

from django.apps import apps
from django.contrib import messages
from django.db.models import Q

MANAGE_ALL_OFFICES = "columns.manage_all_offices"
NO_OFFICE_MESSAGE = "您尚未分配科室，请联系公开办负责人。"

# Where a user's sets of ids are remembered for a request (as Django does with permissions).
_CACHE = "_office_rights_cache"


def is_unrestricted(user):
    """Whether `user` may change every office's items, columns and publications."""
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.has_perm(MANAGE_ALL_OFFICES)


def offices_of(user):
    """The offices `user` belongs to, as a queryset (a subquery where filtered on)."""
    Office = apps.get_model("columns", "Office")
    if user is None or not user.is_authenticated:
        return Office.objects.none()
    return Office.objects.filter(members=user)


def has_office(user):
    return bool(_ids(user)["offices"])


def may_add(user):
    """Whether `user` may add anything at all: unrestricted, or in at least one office."""
    return is_unrestricted(user) or has_office(user)


# --- one scope per model: the rows `user` may change ------------------------------------


def domains(user, queryset=None):
    """The domains whose items `user` may add and change (the 主管科室 is theirs)."""
    queryset = _all("catalogue", "Domain") if queryset is None else queryset
    if is_unrestricted(user):
        return queryset
    return queryset.filter(owner_office__in=offices_of(user))


def items(user, queryset=None):
    """The disclosure items `user` may change: in a domain one of their offices owns."""
    queryset = _all("catalogue", "DisclosureItem") if queryset is None else queryset
    if is_unrestricted(user):
        return queryset
    return queryset.filter(domain__owner_office__in=offices_of(user))


def columns(user, queryset=None):
    """The columns `user` may change: owned by their office, or collective and assigned to it."""
    Column = apps.get_model("columns", "Column")
    queryset = Column.objects.all() if queryset is None else queryset
    if is_unrestricted(user):
        return queryset
    offices = offices_of(user)
    # A subquery rather than a join, so that a column assigned to two of the user's offices is
    # listed once without DISTINCT.
    assigned = Column.assigned_offices.through.objects.filter(office__in=offices)
    return queryset.filter(
        Q(owner_kind=Column.OwnerKind.OFFICE, owner_office__in=offices)
        | Q(owner_kind__in=Column.COLLECTIVE_KINDS, pk__in=assigned.values("column_id"))
    )


def publications(user, queryset=None):
    """The publications `user` may change: in one of their columns."""
    queryset = _all("publications", "Publication") if queryset is None else queryset
    if is_unrestricted(user):
        return queryset
    return queryset.filter(column__in=columns(user).values("pk"))


def successors(user, queryset=None):
    """
    What a publication of `user`'s may name as its successor (被替代为): any published
    publication, whichever office it is from, or one of their own.
    """
    queryset = _all("publications", "Publication") if queryset is None else queryset
    if is_unrestricted(user):
        return queryset
    Publication = queryset.model
    own = columns(user).values("pk")
    return queryset.filter(Q(status=Publication.Status.PUBLISHED) | Q(column__in=own))


def by_office(user, queryset, path="office"):
    """
    The rows of `queryset` owned, through the foreign key `path`, by one of `user`'s offices:
    the scope of things an office handles itself (consultations, citizens' messages).
    """
    if is_unrestricted(user):
        return queryset
    return queryset.filter(**{f"{path}__in": offices_of(user)})


def may_change_owned(user, office_id):
    """Whether `user` may change a row owned by the office `office_id` (see by_office)."""
    return is_unrestricted(user) or office_id in _ids(user)["offices"]


SCOPES = {
    "catalogue.domain": domains,
    "catalogue.disclosureitem": items,
    "columns.column": columns,
    "publications.publication": publications,
}


def restrict(user, queryset):
    """`queryset` narrowed to the rows `user` may change, by its model's scope."""
    return SCOPES[queryset.model._meta.label_lower](user, queryset)


def may_change(user, obj):
    """
    Whether `user` may change (or take a review step on) `obj`: an item, column, publication,
    attachment or domain; anything else is refused to restricted users.

    Answered from the user's sets of ids, read once per user object, so that a page asking
    for many objects (the to-do list) runs a fixed number of queries.
    """
    if is_unrestricted(user):
        return True
    ids = _ids(user)
    label = obj._meta.label_lower
    if label == "catalogue.disclosureitem":
        return obj.domain_id in ids["domains"]
    if label == "catalogue.domain":
        return obj.pk in ids["domains"]
    if label == "columns.column":
        if obj.pk is not None:
            return obj.pk in ids["columns"]
        return obj.owner_kind == obj.OwnerKind.OFFICE and obj.owner_office_id in ids["offices"]
    if label == "publications.publication":
        return obj.column_id in ids["columns"]
    if label == "publications.attachment":
        return obj.publication_id is not None and may_change(user, obj.publication)
    return False


def warn_if_no_office(request):
    """Tell a restricted user without an office why they see nothing to change."""
    if not is_unrestricted(request.user) and not has_office(request.user):
        messages.warning(request, NO_OFFICE_MESSAGE)


# --- inside ----------------------------------------------------------------------------


def _all(app_label, model_name):
    return apps.get_model(app_label, model_name)._default_manager.all()


def _ids(user):
    """The user's office, domain and column ids, remembered on the user object."""
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    office_ids = set(offices_of(user).values_list("pk", flat=True))
    if office_ids:
        cached = {
            "offices": office_ids,
            "domains": set(domains(user).values_list("pk", flat=True)),
            "columns": set(columns(user).values_list("pk", flat=True)),
        }
    else:
        cached = {"offices": set(), "domains": set(), "columns": set()}
    if user is not None and user.is_authenticated:
        setattr(user, _CACHE, cached)
    return cached
