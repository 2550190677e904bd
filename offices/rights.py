"""
Per-office rights: a clerk (信息员) creates and changes only what their office (科室) owns.

Each model says how an office owns it, by reference, so this module knows no content app:

    office_path = "owner_office"     a foreign key to Office (a domain: its 主管科室)
    office_path = "domain"           or to another owned model, whose rule applies (an item
                                     follows its domain, a publication its column, an
                                     attachment its publication)
    office_scope(offices) -> Q       a rule of its own, as a classmethod (a column: owned by the
    office_owns_new(office_ids)      office, or collective and assigned to it), and the same
                                     rule for an unsaved object, as a method

Units come first (units.access): nobody but a superuser changes anything of a unit they do not
work in. Within their units, holders of MANAGE_ALL_OFFICES (公开办负责人, 分管领导, 站点管理员)
are not bound to offices; superusers (the platform's administrators) to neither. Anyone else
with no office may change nothing, and a model that declares no rule is refused to them. This module is the one place the rule is applied: the admin (querysets, object
permissions, form choices, imports) and the review (review.workflow.may_act_on) ask here.
Reading public data is not restricted by it: public data is public, and what the admin lists is
narrowed so that clerks work on their own rows; what is not public yet a staff member sees on its
public page only where the admin shows it to them (may_preview, previewable).
"""

from django.contrib import messages
from django.db.models import Q

from offices.models import Office
from units import access as units

MANAGE_ALL_OFFICES = "columns.manage_all_offices"
NO_OFFICE_MESSAGE = "您尚未分配科室，请联系公开办负责人。"

# Where a user's sets of ids are remembered for a request (as Django does with permissions).
_CACHE = "_office_rights_cache"


def is_unrestricted(user):
    """
    Tell whether `user` is bound to no office: may change every office's items, columns and
    publications *of their units* (scope and may_change apply the units first).
    """
    if user is None or not user.is_active:
        return False
    return user.is_superuser or user.has_perm(MANAGE_ALL_OFFICES)


def offices_of(user):
    """Return the offices `user` belongs to, as a queryset (a subquery where filtered on)."""
    if user is None or not user.is_authenticated:
        return Office.objects.none()
    return Office.objects.filter(members=user)


def has_office(user):
    return bool(_ids(user, Office))


def may_add(user):
    """
    Tell whether `user` may add anything at all: in one office at least, or unrestricted and
    working in a unit (a superuser always).
    """
    if has_office(user):
        return True
    return is_unrestricted(user) and (units.is_platform_admin(user) or bool(units.unit_ids(user)))


def scope(user, queryset):
    """Narrow `queryset` to the rows `user` may change: their units', then by the model's rule."""
    queryset = units.scope(user, queryset)
    if is_unrestricted(user):
        return queryset
    return queryset.filter(_owned_by(queryset.model, offices_of(user)))


def is_office_owned(model):
    """Whether offices own `model`'s rows (Office itself, or a model that declares a rule)."""
    return model is Office or hasattr(model, "office_scope") or hasattr(model, "office_path")


def may_change(user, obj):
    """
    Tell whether `user` may change (or take a review step on) `obj`, saved or not.

    Answered from the user's sets of ids, read once per user object and model, so that a page
    asking for many objects (the to-do list) runs a fixed number of queries.
    """
    if not _in_units(user, obj):
        return False
    if is_unrestricted(user):
        return True
    model = type(obj)
    if hasattr(model, "office_scope"):
        if obj.pk is not None:
            return obj.pk in _ids(user, model)
        return obj.office_owns_new(_ids(user, Office))
    path = getattr(model, "office_path", None)
    if path is None:
        return False
    field = model._meta.get_field(path)
    owner_id = getattr(obj, field.attname)
    return owner_id is not None and owner_id in _ids(user, field.related_model)


def may_preview(user, obj):
    """
    Tell whether `user` may see `obj` before it is public, on its public page: staff who may view
    its model in the admin, and, where offices own the model, only the rows the admin shows them
    (their offices', or every office's when unrestricted). The one rule of every staff preview.
    """
    if not (user is not None and user.is_active and user.is_staff):
        return False
    if not user.has_perm(_view_permission(type(obj))):
        return False
    return not is_office_owned(type(obj)) or may_change(user, obj)


def previewable(user, queryset):
    """Narrow `queryset` to the rows `user` may see before they are public (may_preview)."""
    model = queryset.model
    if not (user is not None and user.is_active and user.is_staff):
        return queryset.none()
    if not user.has_perm(_view_permission(model)):
        return queryset.none()
    return scope(user, queryset) if is_office_owned(model) else queryset


def warn_if_no_office(request):
    """Tell a restricted user without an office why they see nothing to change."""
    if not is_unrestricted(request.user) and not has_office(request.user):
        messages.warning(request, NO_OFFICE_MESSAGE)


# --- inside ----------------------------------------------------------------------------


def _owned_by(model, offices):
    """Return the Q of `model`'s rows that the `offices` (a queryset) own."""
    if model is Office:
        return Q(pk__in=offices)
    if hasattr(model, "office_scope"):
        return model.office_scope(offices)
    path = getattr(model, "office_path", None)
    if path is None:
        return Q(pk__in=[])
    target = model._meta.get_field(path).related_model
    if target is Office:
        return Q(**{f"{path}__in": offices})
    owners = target._default_manager.filter(_owned_by(target, offices)).values("pk")
    return Q(**{f"{path}__in": owners})


def _in_units(user, obj):
    """
    Whether `obj` belongs to one of `user`'s units (units.access.may_change), answered for a
    saved row of a model owned through a path from one set of ids per model and request.
    """
    model = type(obj)
    if units.is_platform_admin(user) or not units.is_unit_owned(model):
        return True
    if "__" not in model.unit_path or obj.pk is None:
        return units.may_change(user, obj)
    cached = _cache(user)
    key = ("units", model)
    if key not in cached:
        rows = model._default_manager.filter(units.owned_by(model, units.unit_ids(user)))
        cached[key] = set(rows.values_list("pk", flat=True))
    # A row made after the set was read (a test's, a command's) is looked up on its own.
    return obj.pk in cached[key] or units.may_change(user, obj)


def _cache(user):
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = {}
        if user is not None and user.is_authenticated:
            setattr(user, _CACHE, cached)
    return cached


def _view_permission(model):
    return f"{model._meta.app_label}.view_{model._meta.model_name}"


def _ids(user, model):
    """Return the ids of `model`'s rows `user`'s offices own, remembered on the user object."""
    cached = _cache(user)
    if model not in cached:
        if model is not Office and not _ids(user, Office):
            cached[model] = set()
        else:
            owned = model._default_manager.filter(_owned_by(model, offices_of(user)))
            cached[model] = set(owned.values_list("pk", flat=True))
    return cached[model]
