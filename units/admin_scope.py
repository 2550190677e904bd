"""
The admin side of units: every registered ModelAdmin sees, changes and links only the rows of
the user's units.

`audit.admin_site.PortalAdminSite.register` puts `UnitScopedAdminMixin` in front of every admin
class registered on the site, so a new model or a library's admin is scoped without anyone
remembering it. For a model that declares `unit_path` (units.access):

- the list, the change, history and delete pages, the actions and every custom view that finds
  its object through `get_queryset` / `get_object` see only the rows of the user's units;
- each object is checked again (`may_change`), also where a view reaches it without the
  queryset (the history of a deleted row);
- actions run on the rows the user may change, whatever the list shows;
- a new row of a root model (one with a `unit` foreign key) gets the user's unit, or a choice
  among their units when they have several; the unit of a saved row is not changed here.

For every model, unit-owned or not, each form's choices of unit-owned rows (a column, an
office, a unit) and of users are narrowed to the user's units, and a related-field list filter
lists only the rows the list holds. A form may not link rows of another unit than its own row's
(superusers included: one row never joins two units). Superusers (platform administrators) see
everything; models with no unit (channels, the calendar) stay as they are.

An admin may set `unit_readable_below = True` (the units' own admin): then the staff of a parent
unit also *view* the rows of the units below theirs, read-only.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import NotRelationField, flatten_fieldsets, get_fields_from_path
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q

from units import access
from units.models import Unit

UNIT_FIELD = "unit"
NOT_OWN_UNIT = "所选的{model}不属于您所在的发布单位（或已被删除），不能选择。"
OTHER_UNIT = "所选的{model}属于其他发布单位，不能与本单位的{own}关联。"


def is_root(model):
    """Whether `model` holds its unit itself (a `unit` foreign key), rather than by a path."""
    return getattr(model, "unit_path", None) == UNIT_FIELD


def users_in_units(ids):
    """The users who work in the units `ids` (members, or in their offices); no superusers."""
    return (
        get_user_model()
        .objects.filter(Q(units__in=ids) | Q(offices__unit__in=ids))
        .filter(is_superuser=False)
        .distinct()
    )


def narrow_choices(user, field, instance=None, name=None):
    """
    Narrow one form field's choices of unit-owned rows (or of users) to `user`'s units, keeping
    what `instance` already links to; a forged id is refused by the field itself.
    """
    queryset = getattr(field, "queryset", None)
    if queryset is None or access.is_platform_admin(user):
        return
    model = queryset.model
    if access.is_unit_owned(model):
        own = access.scope(user, model._default_manager.all()).values("pk")
    elif model is get_user_model():
        own = users_in_units(access.unit_ids(user)).values("pk")
    else:
        return
    allowed = Q(pk__in=own)
    if model is get_user_model():
        allowed |= Q(pk=user.pk)
    kept = _linked(instance, name)
    field.queryset = queryset.filter(allowed | kept if kept is not None else allowed)
    if field.error_messages.get("invalid_choice") == _default_message(field, "invalid_choice"):
        # A message of the form's own (the office rule's) says it more precisely.
        field.error_messages["invalid_choice"] = NOT_OWN_UNIT.format(model=model._meta.verbose_name)


def _default_message(field, code):
    messages = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages.get(code)


def narrow_form(form, user):
    """Narrow every choice of a form made outside the ModelAdmin forms (an import page's)."""
    for name, field in form.fields.items():
        narrow_choices(user, field, getattr(form, "instance", None), name)
    return form


def scoped_form(form_class, user, model, new_unit_id=None, unit_from=()):
    """
    A subclass of `form_class` whose choices are narrowed and whose links stay in one unit; a
    new row of a root model without a unit field gets `new_unit_id` (an inline row: its
    parent's unit), else the unit of the first row named in `unit_from` (a case's office), else
    the user's default unit, and the unit's uniqueness rules are checked as the form's own.
    """
    if getattr(form_class, "_unit_scoped", False):
        return form_class

    class UnitScopedForm(form_class):
        _unit_scoped = True

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            instance = getattr(self, "instance", None)
            new = instance is not None and instance.pk is None
            if new and is_root(model) and UNIT_FIELD not in self.fields:
                # Not the FK's default (the first unit): the user's own, before validation.
                if new_unit_id is not None:
                    instance.unit_id = new_unit_id
                else:
                    default = access.default_unit(user)
                    if default is not None:
                        instance.unit = default
            for name, field in self.fields.items():
                narrow_choices(user, field, instance, name)

        def _post_clean(self):
            instance = getattr(self, "instance", None)
            given = instance is None or instance.pk is not None or not is_root(model)
            if given or UNIT_FIELD in self.fields:
                return super()._post_clean()
            if new_unit_id is None:
                for name in unit_from:  # before the model's clean, which compares units
                    unit_id = _unit_id_of_value(self.cleaned_data.get(name))
                    if unit_id is not None:
                        instance.unit_id = unit_id
                        break
            super()._post_clean()
            _validate_unit_constraints(self)

        def clean(self):
            cleaned = super().clean()
            one_unit = access.is_unit_owned(model) and model is not Unit
            if one_unit and getattr(self, "instance", None) is not None:
                _check_one_unit(self, user, model)
            return cleaned

    UnitScopedForm.__name__ = form_class.__name__
    UnitScopedForm.__qualname__ = form_class.__qualname__
    return UnitScopedForm


class UnitScopedInlineMixin:
    """An inline's forms: choices narrowed, links kept in the parent's unit."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parent_unit = None
        if obj is not None and access.is_unit_owned(type(obj)):
            parent_unit = access.unit_id_of(obj)
        form = scoped_form(formset.form, request.user, self.model, new_unit_id=parent_unit)
        return type(formset.__name__, (formset,), {"form": form})

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))


class UnitScopedAdminMixin:
    """The one place where the admin narrows a model's rows, objects and choices by unit."""

    # Put in front of the admin's own class: its attributes are read with getattr, so that the
    # admin's own `unit_readable_below` is not shadowed by a default here.

    # --- which rows ------------------------------------------------------------------------

    def _owned(self):
        return access.is_unit_owned(self.model)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(self, "unit_readable_below", False):
            return access.readable(request.user, queryset)
        return access.scope(request.user, queryset)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None or not self._owned():
            return allowed
        if getattr(self, "unit_readable_below", False):
            return access.may_read(request.user, obj)
        return access.may_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.may_change(request.user, obj))

    def has_add_permission(self, request, *args, **kwargs):
        allowed = super().has_add_permission(request, *args, **kwargs)
        if not allowed or not self._owned() or access.is_platform_admin(request.user):
            return allowed
        return bool(access.unit_ids(request.user))

    def response_action(self, request, queryset):
        # An action acts only on rows the user may change, even where the list shows more.
        return super().response_action(request, access.scope(request.user, queryset))

    # --- lists -----------------------------------------------------------------------------

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if not access.is_platform_admin(request.user):
            filters = [_only_listed(self.model, entry) for entry in filters]
        if is_root(self.model) and self._several_units(request):
            names = [entry if isinstance(entry, str) else None for entry in filters]
            if UNIT_FIELD not in names:
                filters.insert(0, (UNIT_FIELD, RelatedOnlyFieldListFilter))
        return filters

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if is_root(self.model) and UNIT_FIELD not in columns and self._several_units(request):
            columns.append(UNIT_FIELD)
        return columns

    def get_list_select_related(self, request):
        related = super().get_list_select_related(request)
        if isinstance(related, (list, tuple)) and related and self._unit_column(request):
            return [*related, UNIT_FIELD]  # the unit column read with the rows, not per row
        return related

    def _unit_column(self, request):
        return is_root(self.model) and self._several_units(request)

    def _several_units(self, request):
        """Whether the user works in (or, as a superuser, oversees) more than one unit."""
        if access.is_platform_admin(request.user):
            if not hasattr(request, "_unit_count"):
                request._unit_count = Unit.objects.count()
            return request._unit_count > 1
        return len(access.unit_ids(request.user)) > 1

    # --- forms -----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None or not is_root(self.model):
            return fieldsets
        present = UNIT_FIELD in flatten_fieldsets(fieldsets)
        if self._several_units(request) and not present:
            name, options = fieldsets[0]
            first = (name, {**options, "fields": [UNIT_FIELD, *options.get("fields", ())]})
            return [first, *fieldsets[1:]]
        if not self._several_units(request) and present:
            return [
                (name, {**options, "fields": _without(options.get("fields", ()), UNIT_FIELD)})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and is_root(self.model) and UNIT_FIELD not in fields:
            fields.append(UNIT_FIELD)  # a saved row stays in its unit
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        unit_from = getattr(self, "unit_from", ())
        form = scoped_form(form, request.user, self.model, unit_from=unit_from)
        if obj is None and is_root(self.model) and UNIT_FIELD in form.base_fields:
            default = access.default_unit(request.user)
            if default is not None:
                form.base_fields[UNIT_FIELD].initial = default.pk
        return form

    def get_changelist_form(self, request, **kwargs):
        return scoped_form(super().get_changelist_form(request, **kwargs), request.user, self.model)

    def get_inline_instances(self, request, obj=None):
        return [_scoped_inline(inline) for inline in super().get_inline_instances(request, obj)]


# --- inside ----------------------------------------------------------------------------


def _unit_id_of_value(value):
    """The unit of a row chosen in a form (an office, a notice), or None."""
    if value is None or not access.is_unit_owned(type(value)):
        return None
    return access.unit_id_of(value)


def _validate_unit_constraints(form):
    """
    Check the row's uniqueness rules that name its unit, which Django skips while the unit is
    not a field of the form (one ledger per unit and year, one letter wording per kind).
    """
    instance = form.instance
    exclude = form._get_validation_exclusions() - {UNIT_FIELD}
    for constraint in instance._meta.constraints:
        fields = set(getattr(constraint, "fields", ()))
        if UNIT_FIELD not in fields or fields & exclude:
            continue  # the form checked it, or it cannot be checked here
        try:
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError as error:
            form._update_errors(error)


def _without(fields, name):
    kept = []
    for entry in fields:
        if isinstance(entry, (list, tuple)):
            entry = type(entry)(item for item in entry if item != name)
            if entry:
                kept.append(entry)
        elif entry != name:
            kept.append(entry)
    return kept


def _linked(instance, name):
    """The Q of what the saved `instance` already links to through field `name`, or None."""
    if instance is None or instance.pk is None or name is None:
        return None
    try:
        relation = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if relation.many_to_many and not relation.auto_created:
        return Q(pk__in=getattr(instance, name).values("pk"))
    if relation.many_to_one and getattr(instance, relation.attname, None) is not None:
        return Q(pk=getattr(instance, relation.attname))
    return None


def _row_unit(form, model):
    """The unit id the form's row belongs to: chosen in the form, or the saved row's."""
    first, _, rest = model.unit_path.partition("__")
    if model.unit_path == "pk":
        return form.instance.pk
    value = form.cleaned_data.get(first) if first in form.cleaned_data else None
    if value is None:
        return access.unit_id_of(form.instance)
    if not rest:
        return value.pk if isinstance(value, Unit) else value
    *links, last = rest.split("__")
    for link in links:
        value = getattr(value, link, None)
        if value is None:
            return None
    return getattr(value, f"{last}_id", None)


def _check_one_unit(form, user, model):
    """Refuse links from the form's row to rows of another unit (a superuser's slip included)."""
    unit_id = _row_unit(form, model)
    if unit_id is None:
        return
    for name, value in list(form.cleaned_data.items()):
        field = form.fields.get(name)
        queryset = getattr(field, "queryset", None)
        if queryset is None or not access.is_unit_owned(queryset.model) or value in (None, ""):
            continue
        related = queryset.model
        if related is Unit and name == UNIT_FIELD:
            continue
        pks = [row.pk for row in value] if hasattr(value, "__iter__") else [value.pk]
        if not pks:
            continue
        strays = related._default_manager.filter(pk__in=pks).exclude(
            access.owned_by(related, [unit_id])
        )
        if strays.exists():
            form.add_error(
                name,
                OTHER_UNIT.format(model=related._meta.verbose_name, own=model._meta.verbose_name),
            )


def _only_listed(model, entry):
    """A list filter over a relation to unit-owned rows lists only the rows the list holds."""
    if not isinstance(entry, str):
        return entry
    try:
        fields = get_fields_from_path(model, entry)
    except (FieldDoesNotExist, NotRelationField):  # Django's own checks report it
        return entry
    last = fields[-1]
    related = getattr(last, "related_model", None)
    if related is None:
        return entry
    if access.is_unit_owned(related) or related is get_user_model():
        return (entry, RelatedOnlyFieldListFilter)
    return entry


_INLINE_CLASSES = {}


def _scoped_inline(inline):
    cls = type(inline)
    if isinstance(inline, UnitScopedInlineMixin):
        return inline
    scoped = _INLINE_CLASSES.get(cls)
    if scoped is None:
        scoped = type(cls.__name__, (UnitScopedInlineMixin, cls), {"__module__": cls.__module__})
        _INLINE_CLASSES[cls] = scoped
    inline.__class__ = scoped
    return inline


def scoped_admin_class(admin_class):
    """`admin_class` with UnitScopedAdminMixin in front (once)."""
    if issubclass(admin_class, UnitScopedAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (UnitScopedAdminMixin, admin_class),
        {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
    )
