"""The admin side of versions: change forms carry the version and are checked on submit."""

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpResponseRedirect

from versions.forms import versioned_form
from versions.models import FIELD, StaleVersion


class VersionedAdminMixin:
    """
    The admin side: the change form carries the version and is checked on submit; a save that
    loses a race after validation (StaleVersion) comes back as a message instead of a 500.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The hidden field is the form's own, not the model's (never edited as a field).
        names = kwargs.get("fields")
        if "fields" not in kwargs:
            names = flatten_fieldsets(self.get_fieldsets(request, obj))
        if names is not None:
            kwargs["fields"] = [name for name in names if name != FIELD]
        kwargs["form"] = versioned_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change=change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as stale:  # lost a race after the form's check: nothing was saved
            messages.error(request, stale.message)
            return HttpResponseRedirect(request.get_full_path())

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        first = [(name, {**options, "fields": [*options.get("fields", ()), FIELD]})]
        return first + list(fieldsets[1:])


class VersionedInlineMixin:
    """
    An inline of a versioned model: each row carries its own version and a stale row is
    refused, so a row edited on its own change page meanwhile is not undone from the parent's.
    """

    def get_formset(self, request, obj=None, **kwargs):
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != FIELD]
        kwargs["form"] = versioned_form(kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)
