"""Show the privacy guard's notes (attachments checked only in part) after an admin save."""

from django.contrib import messages


class PrivacyNotesAdminMixin:
    """Mix into a ModelAdmin whose form or inline forms use privacy.forms' mixins."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        notes = list(getattr(form, "privacy_notes", []))
        for formset in formsets:
            for inline_form in formset.forms:
                notes += getattr(inline_form, "privacy_notes", [])
        for note in dict.fromkeys(notes):
            self.message_user(request, f"提醒：{note.message}", messages.WARNING)
