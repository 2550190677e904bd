"""The staff's step form: one form for every step, the checks live in actions.take_step."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from inforequests import fees
from inforequests.clock import StepKind
from inforequests.models import APPROVE_EXTENSION, Outcome, RequestStep


def approvers(unit=None):
    """
    Who may approve an extension: superusers, and holders of approve_extension who work in
    `unit` (the case's unit: another unit's head approves nothing here).
    """
    app, codename = APPROVE_EXTENSION.split(".")
    perm = Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app)
    group = Q(
        groups__permissions__codename=codename, groups__permissions__content_type__app_label=app
    )
    holders = perm | group
    if unit is not None:
        holders &= Q(units=unit) | Q(offices__unit=unit)
    return (
        get_user_model().objects.filter(Q(is_superuser=True) | holders, is_active=True).distinct()
    )


class StepForm(forms.Form):
    # An answer is drafted and reviewed as an 答复 and sent by publishing it, never from here.
    kind = forms.ChoiceField(
        label="办理环节",
        choices=[c for c in StepKind.choices if c[0] != StepKind.ANSWERED],
        help_text="答复请在“答复”中起草，经审核、批准后发布即为发送。",
    )
    on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    due_on = forms.DateField(
        label="期限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="补正期限；征求其他机关意见的答复期限。征求第三方意见（15个工作日）和缴费期限（20个工作日）自动计算。",
    )
    days = forms.IntegerField(label="延长工作日", required=False, min_value=1, max_value=20)
    approved_by = forms.ModelChoiceField(label="批准人（延期）", queryset=None, required=False)
    party_kind = forms.ChoiceField(
        label="征求意见对象类型",
        choices=[("", "—"), *RequestStep.PartyKind.choices],
        required=False,
    )
    party = forms.CharField(label="征求意见对象", required=False, max_length=200)
    fee_method = forms.ChoiceField(
        label="计费方式", choices=[("", "—"), *fees.Method.choices], required=False
    )
    fee_quantity = forms.IntegerField(label="当月第几件申请或信息页数", required=False, min_value=0)
    outcome = forms.ChoiceField(
        label="答复类型或终止情形", choices=[("", "—"), *Outcome.choices], required=False
    )
    note = forms.CharField(
        label="内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="补正事项、延期理由、征求意见的内容、答复内容或终止原因，写入文书。",
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = approvers(unit)

    def step_fields(self):
        """The cleaned values take_step needs, empty ones left out."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("kind", "on")}
        return {k: v for k, v in data.items() if v not in (None, "")}
