"""
The admin side of units for the feature apps: a staff member works on their own units' rows.

`UnitScopedAdminMixin` narrows the list and every object to the units the user works in
(units.access.scope / may_change), offers in the form's relations only rows of those units, and
gives a new row the unit it belongs to: the unit of the office or parent object it names
(`unit_from`), else the user's first unit. Put it before the office mixin, so the unit rule
applies to everyone, the heads and leaders that offices leave unrestricted included.
"""

from types import SimpleNamespace

from django.core.exceptions import ValidationError

from units import access
from units.models import Unit

NOT_OWN_UNIT = "所选的{model}不属于您所在的单位，不能选择。"


class UnitScopedAdminMixin:
    # Fields of the new row whose unit it takes, in order (e.g. "office", "request").
    unit_from = ()

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or access.may_change(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.may_change(request.user, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        _own_units_only(request.user, field)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        _own_units_only(request.user, field)
        return field

    def get_exclude(self, request, obj=None):
        # The unit is given, never chosen: the parent's or the user's (save_model).
        return [*(super().get_exclude(request, obj) or ()), "unit"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user, unit_from = request.user, self.unit_from

        class UnitForm(form):
            """Give a new row its unit before validation, and check the unit's uniqueness."""

            def _post_clean(self):
                instance = self.instance
                if not _has_unit_field(instance):
                    return super()._post_clean()
                if instance.pk is None:  # before the model's clean, which may compare units
                    named = SimpleNamespace(**{n: self.cleaned_data.get(n) for n in unit_from})
                    instance.unit = unit_for_new(user, named, unit_from)
                super()._post_clean()
                exclude = self._get_validation_exclusions() - {"unit"}
                for constraint in instance._meta.constraints:
                    fields = set(getattr(constraint, "fields", ()))
                    if "unit" not in fields or fields & exclude:
                        continue  # the form checked it, or it cannot be checked here
                    try:
                        constraint.validate(type(instance), instance, exclude=exclude)
                    except ValidationError as error:
                        self._update_errors(error)

        UnitForm.__name__ = form.__name__
        return UnitForm

    def save_model(self, request, obj, form, change):
        if not change and _has_unit_field(obj):
            obj.unit = unit_for_new(request.user, obj, self.unit_from)
        super().save_model(request, obj, form, change)


def unit_for_new(user, obj, unit_from=()):
    """The unit a new row of `user`'s belongs to: its office's or parent's, else the user's."""
    for name in unit_from:
        related = getattr(obj, name, None)
        if related is not None and hasattr(type(related), "unit_path"):
            unit_id = access.unit_id_of(related)
            if unit_id is not None:
                return Unit.objects.get(pk=unit_id)
    return access.default_unit(user) or Unit.objects.home()


def _has_unit_field(obj):
    return any(f.name == "unit" for f in obj._meta.concrete_fields)


def _own_units_only(user, field):
    queryset = getattr(field, "queryset", None)
    if queryset is None or access.is_platform_admin(user):
        return
    if not access.is_unit_owned(queryset.model):
        return
    field.queryset = access.scope(user, queryset)
    field.error_messages["invalid_choice"] = NOT_OWN_UNIT.format(
        model=queryset.model._meta.verbose_name
    )
