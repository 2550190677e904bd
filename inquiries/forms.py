"""The public message form (留言): subject, question, contact."""

from django import forms

from inquiries.models import Message
from publicforms.contact import CONTACT_HELP, ContactFormMixin
from publicforms.errors import FieldMessagesMixin
from publicforms.guards import HoneypotFormMixin, refuse_personal_numbers
from publicforms.limits import Limit


class MessageForm(HoneypotFormMixin, FieldMessagesMixin, ContactFormMixin, forms.ModelForm):
    class Meta:
        model = Message
        fields = ["subject", "question", "contact"]
        labels = {"subject": "主题", "question": "留言内容", "contact": "联系方式"}
        help_texts = {
            "subject": "一句话概括您要咨询或建议的事情。",
            "question": "请写明事情经过和您的问题。请勿填写身份证号、银行卡号等个人信息。",
            "contact": CONTACT_HELP,
        }
        widgets = {"question": forms.Textarea(attrs={"rows": 8})}

    def clean(self):
        cleaned = super().clean()
        for field in ("subject", "question"):
            refuse_personal_numbers(self, field, cleaned.get(field, ""))
        return cleaned

    def rate_limits(self):
        """PORTAL_FORM_RATE per address, counted apart from the other public forms."""
        return [Limit("messages")]
