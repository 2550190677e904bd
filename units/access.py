"""
Which units a user works in, and the one rule that narrows everything to them.

Each model says how a unit owns it, by reference, as offices.rights does one level down:

    unit_path = "unit"            a foreign key to Unit (an office, a column, a request)
    unit_path = "column__unit"    or a path to one (a publication through its column)
    unit_path = "pk"              the unit itself

A user belongs to the units they are a member of and to the units of their offices (on a
platform of one unit, staff belong to it without being made members). They read
and change only rows of those units; a parent unit's staff also *read* the rows of the units
below it (`readable`), and change nothing of theirs. Superusers (the platform's administrators)
are the only role above units. The admin site (units.admin_scope), offices.rights, the public
previews and the commands ask here, so the rule is applied in one place.
"""

from django.db.models import Q

from units.models import Unit

_CACHE = "_unit_access_cache"


def is_platform_admin(user):
    return user is not None and user.is_active and user.is_superuser


def is_unit_owned(model):
    return hasattr(model, "unit_path")


def unit_ids(user):
    """The ids of the units `user` works in (member, or in one of their offices), per request."""
    return _remembered(user, "own", _own_ids)


def readable_unit_ids(user):
    """The ids of the units `user` works in and of every unit below them."""
    return _remembered(user, "readable", _readable_ids)


def units_of(user):
    """The units `user` works in, as a queryset (every unit for a platform administrator)."""
    if is_platform_admin(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=unit_ids(user))


def owned_by(model, ids):
    """The Q of `model`'s rows that belong to the units `ids`."""
    path = model.unit_path
    return Q(pk__in=ids) if path == "pk" else Q(**{f"{path}__in": ids})


def scope(user, queryset):
    """Narrow `queryset` to the rows of the units `user` works in (change and list)."""
    if is_platform_admin(user) or not is_unit_owned(queryset.model):
        return queryset
    return queryset.filter(owned_by(queryset.model, unit_ids(user)))


def readable(user, queryset):
    """Narrow `queryset` to the rows `user` may read: their units' and the units' below."""
    if is_platform_admin(user) or not is_unit_owned(queryset.model):
        return queryset
    return queryset.filter(owned_by(queryset.model, readable_unit_ids(user)))


def unit_id_of(obj):
    """The id of the unit `obj` belongs to (None for an unsaved row not yet given one)."""
    path = type(obj).unit_path
    if path == "pk":
        return obj.pk
    *links, last = path.split("__")
    for link in links:
        obj = getattr(obj, link, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def may_change(user, obj):
    """Tell whether `obj` belongs to a unit `user` works in (always, for platform admins)."""
    if is_platform_admin(user) or not is_unit_owned(type(obj)):
        return True
    return unit_id_of(obj) in unit_ids(user)


def may_read(user, obj):
    if is_platform_admin(user) or not is_unit_owned(type(obj)):
        return True
    return unit_id_of(obj) in readable_unit_ids(user)


def default_unit(user):
    """The unit a new row of `user`'s belongs to: their first unit (None if they have none)."""
    ids = unit_ids(user)
    if not ids:
        return Unit.objects.home() if is_platform_admin(user) else None
    return Unit.objects.filter(pk__in=ids).order_by("pk").first()


def descendant_ids(ids):
    """The ids of every unit below the units `ids` (a few queries: one per level of the tree)."""
    found, level = set(), set(ids)
    while level:
        level = set(Unit.objects.filter(parent__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


# --- inside ----------------------------------------------------------------------------


def _own_ids(user):
    if user is None or not user.is_authenticated:
        return frozenset()
    member = Q(members=user) | Q(offices__members=user)
    ids = frozenset(Unit.objects.filter(member).values_list("pk", flat=True))
    if ids:
        return ids
    # A platform of one unit (a single bureau, as before units): its people work in it, member
    # or not. From the second unit on, someone in no unit works in none.
    only = list(Unit.objects.values_list("pk", flat=True)[:2])
    return frozenset(only) if len(only) == 1 else ids


def _readable_ids(user):
    own = unit_ids(user)
    return frozenset(own | descendant_ids(own))


def _remembered(user, key, compute):
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = {}
        if user is not None and user.is_authenticated:
            setattr(user, _CACHE, cached)
    if key not in cached:
        cached[key] = compute(user)
    return cached[key]
