"""
The content admins and units: choices of the user's units only, new rows in the user's unit.

UnitChoicesMixin narrows every choice of a unit-owned model (an office, a column, a domain, an
item, a publication) to the user's units (units.access.scope), so no form offers another unit's
rows; the models' clean() refuses them anyway. NewRowOfUserUnitMixin gives a new domain or column
the user's unit (units.access.default_unit): the unit is not a field of their forms, it is set
on the new row before the form validates, so the same-unit checks and the unit's uniqueness
rules see it. A child column takes its parent's unit on save (columns.models).
"""

from django.core.exceptions import PermissionDenied

from units.access import default_unit, is_unit_owned
from units.access import scope as unit_scope

NO_UNIT = "您不属于任何发布单位，不能新增。"


class UnitChoicesMixin:
    """For a ModelAdmin: foreign-key and many-to-many choices of the user's units only."""

    def _narrowed(self, db_field, request, kwargs):
        model = db_field.related_model
        if is_unit_owned(model):
            queryset = kwargs.get("queryset")
            if queryset is None:
                queryset = model._default_manager.all()
            kwargs["queryset"] = unit_scope(request.user, queryset)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self._narrowed(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self._narrowed(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class NewRowOfUserUnitMixin(UnitChoicesMixin):
    """For a ModelAdmin of a model with a `unit` foreign key: a new row gets the user's unit."""

    def get_exclude(self, request, obj=None):
        # A user of several units (a superuser on a platform of several) chooses a new row's
        # unit: the unit-scoped admin puts the field on the form, so it must not be excluded.
        exclude = [*(super().get_exclude(request, obj) or ())]
        several = getattr(self, "_several_units", None)
        if obj is None and several is not None and several(request):
            return exclude
        return [*exclude, "unit"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            return form
        unit = default_unit(request.user)

        class NewRowForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance._state.adding:
                    if unit is None:
                        raise PermissionDenied(NO_UNIT)
                    self.instance.unit = unit

        NewRowForm.__name__ = form.__name__
        return NewRowForm
