"""
The contact a citizen leaves: a phone number (mobile or landline) or, where the form allows it,
an e-mail address. One rule for every public form, so "x" is refused everywhere alike.
"""

import re

from django import forms
from django.core.validators import validate_email

from publicforms.normalise import half_width

# Digits with the signs people write in numbers: 0551-12345678, (0551) 1234 5678, +86 138….
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
MIN_DIGITS = 7
PHONE_ERROR = "{label}应为7至20位数字（可含“-”），例如 13812345678 或 0551-12345678。"
CONTACT_ERROR = (
    "{label}应为电话号码（手机或座机，例如 13812345678、0551-12345678）"
    "或电子邮箱（例如 name@example.com）。"
)
CONTACT_HELP = "手机、座机号码或电子邮箱，仅用于工作人员联系您，不会公开。"


def _phone(text):
    """Return the phone number as stored, or None when text is not one."""
    phone = half_width(text).strip()
    if PHONE.match(phone) and sum(ch.isdigit() for ch in phone) >= MIN_DIGITS:
        return phone
    return None


def clean_phone(text, label):
    """Return the typed phone number in half-width form; refuse anything else, naming label."""
    phone = _phone(text)
    if phone is None:
        raise forms.ValidationError(PHONE_ERROR.format(label=label), code="invalid")
    return phone


def clean_contact(text, label):
    """Return a phone number or an e-mail address in half-width form; refuse anything else."""
    phone = _phone(text)
    if phone is not None:
        return phone
    address = half_width(text).strip()
    try:
        validate_email(address)
    except forms.ValidationError:
        raise forms.ValidationError(CONTACT_ERROR.format(label=label), code="invalid") from None
    return address


class ContactFormMixin:
    """A form whose `contact` field takes a phone number or an e-mail address."""

    def clean_contact(self):
        return clean_contact(self.cleaned_data["contact"], self.fields["contact"].label)
