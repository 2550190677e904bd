"""
The privacy guard on model forms: mix PrivacyGuardFormMixin into a ModelForm, before it.

    class DisclosureItemForm(PrivacyGuardFormMixin, forms.ModelForm): ...

The check runs once the instance carries the typed values, so an invalid form shows every
finding and keeps what was typed. A file input cannot be refilled by the browser: the refused
attachment has to be chosen again after it is fixed.
"""

from django import forms

from privacy import guard


class PrivacyGuardFormMixin:
    # Where the messages go: None for the top of the form, or a field name (an attachment's file).
    privacy_error_field = None
    # Fields whose change calls for a check; None means any change (and always for a new object).
    privacy_trigger_fields = None
    # A publication form leaves the attachments to their own inline forms.
    privacy_check_attachments = False

    def _post_clean(self):
        super()._post_clean()
        self.privacy_notes = []
        if not self._privacy_check_needed():
            return
        try:
            self.privacy_notes = guard.check_or_raise(
                self.instance, attachments=self.privacy_check_attachments
            )
        except guard.PrivacyError as exc:
            field = self.privacy_error_field
            self.add_error(field if field in self.fields else None, exc)

    def _privacy_check_needed(self):
        if self.privacy_error_field in self.errors:
            return False  # already refused (a file of the wrong kind): nothing more to read
        if self.privacy_trigger_fields is None:
            return True
        return self.instance._state.adding or any(
            name in self.changed_data for name in self.privacy_trigger_fields
        )


class PrivacyGuardedModelForm(PrivacyGuardFormMixin, forms.ModelForm):
    """A ModelAdmin's `form` when it has no form of its own (the admin adds Meta)."""


class AttachmentPrivacyFormMixin(PrivacyGuardFormMixin):
    """An attachment (inline) form: a newly chosen file or a new title is read and checked."""

    privacy_error_field = "file"
    privacy_trigger_fields = ("file", "title")

    def _privacy_check_needed(self):
        # An empty extra inline form has no file: nothing to read.
        return bool(getattr(self.instance, "file", None)) and super()._privacy_check_needed()
