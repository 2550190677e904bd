"""
What every public form (意见征集, 留言, 依申请公开) has against abuse: a honeypot and the privacy guard.

    class CommentForm(HoneypotFormMixin, forms.ModelForm): ...

The honeypot is a text field people never see (hidden by CSS, not announced to screen readers,
skipped by the tab key); a robot that fills it gets the success page and nothing is stored
(publicforms.submission). Rate limits are publicforms.limits. Templates show the honeypot with
includes/honeypot.html.
"""

from django import forms

from privacy import guard

HONEYPOT = "website"
PRIVACY_HINT = "为保护您的个人信息，请删除后再提交；联系方式请只填在“联系方式”一栏。"


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
