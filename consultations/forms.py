"""The public comment form: name optional, a contact for follow-up, the comment."""

from django import forms

from consultations.models import Comment
from publicforms.contact import CONTACT_HELP, ContactFormMixin
from publicforms.errors import FieldMessagesMixin
from publicforms.guards import HoneypotFormMixin, refuse_personal_numbers
from publicforms.limits import Limit


class CommentForm(HoneypotFormMixin, FieldMessagesMixin, ContactFormMixin, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["name", "contact", "body"]
        labels = {"name": "姓名", "contact": "联系方式", "body": "意见内容"}
        help_texts = {
            "name": "选填，不会公开。",
            "contact": CONTACT_HELP,
            "body": "请写明对草案哪一条、哪一处的意见和理由。意见不会原文公开。",
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def clean(self):
        cleaned = super().clean()
        for field in ("name", "body"):
            refuse_personal_numbers(self, field, cleaned.get(field, ""))
        return cleaned

    def rate_limits(self):
        """PORTAL_FORM_RATE per address, counted apart from the other public forms."""
        return [Limit("consultation-comments")]
