"""
What every public form (意见征集, 留言) has against abuse: a honeypot and a rate limit.

    class CommentForm(HoneypotFormMixin, forms.ModelForm): ...
    if form.is_valid() and not rate_limited(request): ...  # counts the accepted submission

The honeypot is a text field people never see (hidden by CSS, not announced to screen readers,
skipped by the tab key); a robot that fills it gets the success page and nothing is stored. The
rate limit counts accepted submissions per client address in the shared cache (django-ratelimit
on the default cache: Redis in production), so every worker counts the same.
"""

from django import forms
from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from audit.client import client_ip
from privacy import guard

HONEYPOT = "website"
RATE_GROUP = "public-forms"
PRIVACY_HINT = "为保护您的个人信息，请删除后再提交；联系方式请只填在“联系方式”一栏。"
RATE_LIMITED_MESSAGE = "提交过于频繁，请稍后再试。您填写的内容仍保留在表单中。"


class HoneypotFormMixin(forms.Form):
    website = forms.CharField(label="网址（请勿填写）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "hp-field"}
        )

    @property
    def is_robot(self):
        return bool(self.data.get(HONEYPOT, "").strip())


def refuse_personal_numbers(form, field, text):
    """The privacy guard on a citizen's text: an ID, mobile or bank card number is refused."""
    findings = guard.scan_text(str(form.fields[field].label), text)
    if findings:
        found = "、".join(finding.description for finding in findings)
        form.add_error(field, f"{found}。{PRIVACY_HINT}")


def _key(group, request):
    return client_ip(request) or "unknown"


def rate_limited(request):
    """Count one submission from this address; True once it is over PORTAL_FORM_RATE."""
    return is_ratelimited(
        request,
        group=RATE_GROUP,
        key=_key,
        rate=settings.PORTAL_FORM_RATE,
        method=ALL,
        increment=True,
    )
