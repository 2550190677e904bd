"""
New domains and columns in the admin are the user's unit's (units.access.default_unit).

The unit is not a field of their forms: it is set on the new row before the form validates, so
the model's same-unit checks (an owner office of the unit) and the unit's uniqueness rules see
it. A child column takes its parent's unit on save (columns.models).
"""

from django.core.exceptions import PermissionDenied

from units.access import default_unit

NO_UNIT = "您不属于任何发布单位，不能新增。"


class NewRowOfUserUnitMixin:
    """For a ModelAdmin of a model with a `unit` foreign key: a new row gets the user's unit."""

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), "unit"]

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
