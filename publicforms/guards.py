"""
What every public form (意见征集, 留言, 依申请公开) has against abuse: a honeypot and rate limits.

    class CommentForm(HoneypotFormMixin, forms.ModelForm): ...
    if form.is_valid() and not rate_limited(request): ...  # counts the accepted submission
    rate_limited(request, "yisq-lookup-code", settings.INFOREQUESTS_LOOKUP_RATE, key=code)

The honeypot is a text field people never see (hidden by CSS, not announced to screen readers,
skipped by the tab key); a robot that fills it gets the success page and nothing is stored. The
rate limit counts submissions per client address, or per a key the form names (an applicant, a
查询码), in the shared cache (django-ratelimit on the default cache: Redis in production), so
every worker counts the same. Templates show the honeypot with includes/honeypot.html.
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


def _address(group, request):
    return client_ip(request) or "unknown"


def rate_limited(request, group=RATE_GROUP, rate=None, key=None):
    """
    Count one submission in group, per client address or per key when one is given (so one
    applicant or one 查询码 is limited from every address); True once it is over rate
    (PORTAL_FORM_RATE unless given).
    """
    return is_ratelimited(
        request,
        group=group,
        key=_address if key is None else (lambda group, request: key),
        rate=settings.PORTAL_FORM_RATE if rate is None else rate,
        method=ALL,
        increment=True,
    )
