"""
The citizens' forms: the application (第二十九条) and the status lookup.

Messages name the field and say what is wrong, in Chinese; a form with errors is shown again with
everything typed kept. Nothing here logs what was typed.
"""

import re

from django import forms
from django.conf import settings
from django.utils import timezone

from inforequests import codes
from inforequests.models import REQUIRED_BY_APPLICANT, ApplicantType, InfoRequest
from publicforms.contact import clean_phone
from publicforms.errors import FieldMessagesMixin
from publicforms.guards import HoneypotFormMixin
from publicforms.limits import Limit
from publicforms.normalise import half_width

ID_18 = re.compile(r"^[0-9]{17}[0-9X]$")
CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
POSTCODE = re.compile(r"^[0-9]{6}$")
# The description as the online form takes it: ample for one matter, and with every other field
# at its limit the body stays under INFOREQUESTS_MAX_BODY (tests/inforequests/test_public.py).
DESCRIPTION_MAX = 3000
UNKNOWN_APPLICANT = (
    "请选择申请人类型（公民还须填写证件类型和证件号码；法人或其他组织还须填写组织类别、"
    "统一社会信用代码和联系人）。"
)
CONSENT = "我已知悉：所填个人信息仅用于办理本申请和向我送达答复，不会在网站、目录和统计中公开。"


class ApplicationForm(HoneypotFormMixin, FieldMessagesMixin, forms.ModelForm):
    # The model keeps any length (a clerk registers paper applications); the public form has a limit.
    description = InfoRequest._meta.get_field("description").formfield(
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每份申请只申请一项政府信息：请写明信息的名称或能够指向该信息的特征描述。",
    )
    consent = forms.BooleanField(
        label=CONSENT, error_messages={"required": "请阅读并勾选个人信息使用说明后再提交。"}
    )

    class Meta:
        model = InfoRequest
        fields = [
            "applicant_type",
            "organisation_kind",
            "name",
            "work_unit",
            "id_type",
            "id_number",
            "credit_code",
            "legal_representative",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
            "fax",
            "description",
            "document_number",
            "purpose",
            "form_wanted",
            "delivery",
        ]
        widgets = {
            "applicant_type": forms.RadioSelect,
            "form_wanted": forms.RadioSelect,
            "delivery": forms.RadioSelect,
        }
        help_texts = {
            "name": "公民填写姓名；法人或其他组织填写名称。",
            "phone": "查询办理状态时需要输入电话号码的后4位。",
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("applicant_type", ApplicantType.CITIZEN)
        super().__init__(*args, **kwargs)
        for name in ("applicant_type", "form_wanted", "delivery"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        # The fields one kind of applicant must give are marked with that kind, and all of them
        # are checked in the same pass as the others (the model's clean()).
        for kind, fields in REQUIRED_BY_APPLICANT.items():
            for name in fields:
                self.fields[name].required_when = f"{kind.label}必填"
        self.fields["applicant_type"].error_messages["required"] = UNKNOWN_APPLICANT

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"], self.fields["phone"].label)

    def clean_id_number(self):
        value = codes.normalise(self.cleaned_data["id_number"])
        if value and self.data.get("id_type") == "resident_id" and not ID_18.match(value):
            raise forms.ValidationError("居民身份证号码应为18位（最后一位可为X）。")
        return value

    def clean_credit_code(self):
        value = codes.normalise(self.cleaned_data["credit_code"])
        if value and not CREDIT_CODE.match(value):
            raise forms.ValidationError("统一社会信用代码应为18位数字或大写字母。")
        return value

    def clean_postcode(self):
        value = half_width(self.cleaned_data["postcode"]).strip()
        if value and not POSTCODE.match(value):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return value

    def clean(self):
        data = super().clean()
        if data.get("applicant_type") == ApplicantType.CITIZEN:
            for name in ("organisation_kind", "credit_code", "legal_representative"):
                data[name] = ""
        return data

    def _post_clean(self):
        # The model's clean() holds the rules of 第二十九条 (what each applicant type must give).
        self.instance.received_on = self.instance.received_on or timezone.localdate()
        super()._post_clean()

    def rate_limits(self):
        """Per address, then per applicant (their credit code or ID number) from every address."""
        limits = [Limit("yisq-apply-ip", settings.INFOREQUESTS_RATE_PER_ADDRESS)]
        key = self.cleaned_data.get("credit_code") or self.cleaned_data.get("id_number")
        if key:
            limits.append(
                Limit("yisq-apply-applicant", settings.INFOREQUESTS_RATE_PER_APPLICANT, key=key)
            )
        return limits


class LookupForm(FieldMessagesMixin, forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=30,
        error_messages={"required": "请填写查询码。"},
        help_text="提交申请后回执上的12位查询码。",
    )
    digits = forms.CharField(
        label="联系电话后4位",
        max_length=4,
        min_length=4,
        error_messages={
            "required": "请填写联系电话后4位。",
            "min_length": "请填写联系电话的最后4位数字。",
            "max_length": "请填写联系电话的最后4位数字。",
        },
    )

    def clean_code(self):
        return codes.normalise(self.cleaned_data["code"])

    def clean_digits(self):
        digits = half_width(self.cleaned_data["digits"]).strip()
        if not (digits.isascii() and digits.isdigit()):
            raise forms.ValidationError("请填写联系电话的最后4位数字。")
        return digits
