"""A model form that carries the version it was opened at and refuses a stale submit."""

from django import forms

from versions.models import (
    FIELD,
    VersionedModel,
    locked_row_digest,
    locked_version,
    row_digest,
    stale_message,
)


class VersionedFormMixin:
    """
    A model form that carries the version it was opened at and refuses a stale submit.

    The hidden field holds `version_token(instance)`; on submit the token is read again with the
    row locked and compared. A refusal is a form error, so the page comes back with the text.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if FIELD in self.fields and self.instance.pk is not None and not self.is_bound:
            self.fields[FIELD].initial = self.version_token(self.instance)

    def version_token(self, instance, lock=False):
        """
        The version the form edits, as text; `lock` reads it with the row locked.

        A model that cannot carry a version column (a third-party one: users, groups, TOTP
        devices) is versioned by a digest of its stored values instead (versions.models).
        """
        if not isinstance(instance, VersionedModel):
            return locked_row_digest(instance) if lock else row_digest(instance)
        if lock:
            stored = locked_version(type(instance), instance.pk)
            return None if stored is None else str(stored)
        return str(instance.version)

    def clean(self):
        cleaned = super().clean()
        if FIELD in self.errors:
            del self.errors[FIELD]
        if self.instance.pk is not None and FIELD in self.fields:
            opened = (self.data.get(self.add_prefix(FIELD)) or "").strip()
            current = self.version_token(self.instance, lock=True)
            if opened != current:
                self.add_error(None, stale_message(self.instance))
        return cleaned


def versioned_form(form_class):
    """`form_class` with the hidden version field and its check (VersionedFormMixin)."""
    if issubclass(form_class, VersionedFormMixin):
        return form_class
    attrs = {FIELD: forms.CharField(widget=forms.HiddenInput, required=False)}
    return type(form_class.__name__, (VersionedFormMixin, form_class), attrs)
