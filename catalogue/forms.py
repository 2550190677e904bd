"""The public search form: one query box and filters that combine."""

import opencc
from django import forms

from catalogue.models import Channel, Domain
from publicforms.errors import control_characters
from publicforms.normalise import half_width_alphanumerics

AUDIENCE_CHOICES = (("", "不限"), ("public", "全社会"), ("specific", "特定群体"))
MODE_CHOICES = (("", "不限"), ("proactive", "主动公开"), ("on_request", "依申请公开"))
LEVEL_CHOICES = (("", "不限"), ("county", "县级"), ("township", "乡级"))
# The two groups of results: catalogue items (公开事项) and published documents (政府信息).
ITEMS = "items"
PUBLICATIONS = "publications"
SCOPE_CHOICES = (("", "自动"), (ITEMS, "公开事项"), (PUBLICATIONS, "政府信息"))

# Each filter value maps to the boolean field it selects on.
AUDIENCE_FIELDS = {"public": "audience_public", "specific": "audience_specific"}
MODE_FIELDS = {"proactive": "mode_proactive", "on_request": "mode_on_request"}
LEVEL_FIELDS = {"county": "level_county", "township": "level_township"}


# Citizens may type Traditional characters (繁体); the catalogue is stored in Simplified.
_TO_SIMPLIFIED = opencc.OpenCC("t2s")


def _choice_errors(what):
    return {"invalid_choice": f"没有这个{what}，请从列表中选择。"}


class SearchForm(forms.Form):
    """
    Validate the query string of /search/.

    Every parameter comes from a URL a citizen may have edited or copied badly, so every value is
    checked here and the view shows the errors instead of failing.
    """

    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=100,
        strip=True,
        error_messages={
            "max_length": "关键词太长，请不要超过 %(limit_value)d 个字。",
            "null_characters_not_allowed": control_characters("关键词"),
        },
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如：低保、高龄津贴"}),
    )
    domain = forms.ModelChoiceField(
        label="领域",
        queryset=Domain.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="全部领域",
        error_messages=_choice_errors("领域"),
    )
    channel = forms.ModelChoiceField(
        label="公开渠道",
        queryset=Channel.objects.all(),
        required=False,
        empty_label="全部渠道",
        error_messages=_choice_errors("公开渠道"),
    )
    audience = forms.ChoiceField(
        label="公开对象",
        choices=AUDIENCE_CHOICES,
        required=False,
        error_messages=_choice_errors("公开对象"),
    )
    mode = forms.ChoiceField(
        label="公开方式",
        choices=MODE_CHOICES,
        required=False,
        error_messages=_choice_errors("公开方式"),
    )
    level = forms.ChoiceField(
        label="公开层级",
        choices=LEVEL_CHOICES,
        required=False,
        error_messages=_choice_errors("公开层级"),
    )
    scope = forms.ChoiceField(
        label="搜索范围",
        choices=SCOPE_CHOICES,
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "没有这个搜索范围，请选择“公开事项”或“政府信息”。"},
    )
    page = forms.IntegerField(
        label="页码",
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "页码应当是正整数。",
            "min_value": "页码应当是正整数。",
        },
    )

    def __init__(self, *args, unit=None, **kwargs):
        """`unit`: whose domains the filter offers (each unit has its own under one slug)."""
        super().__init__(*args, **kwargs)
        if unit is not None:
            field = self.fields["domain"]
            field.queryset = field.queryset.filter(unit=unit)

    FILTERS = ("domain", "channel", "audience", "mode", "level")
    # The elements only catalogue items have: documents are not filtered by them.
    ITEM_ONLY_FILTERS = ("channel", "audience", "mode", "level")
    INVALID_CLASS = "is-invalid"

    def full_clean(self):
        """
        Validate, then give every visible field with an error the red-border class.

        Django already adds aria-invalid and points aria-describedby at "<id>_error"; the
        template puts the message with that id next to the field.
        """
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None and not field.widget.is_hidden:
                classes = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{classes} {self.INVALID_CLASS}".strip()

    def active_filter_count(self):
        """Return how many filters the citizen set, valid or not."""
        return sum(1 for name in self.FILTERS if self.data.get(name, "").strip())

    def show_filters(self):
        """Return True if the filter panel should start open: a filter is set or has an error."""
        return bool(self.active_filter_count()) or any(name in self.errors for name in self.FILTERS)

    def error_list(self):
        """
        Return the errors for the summary at the top as (message, field id or "") pairs.

        A visible field gets its id so the summary can link to it; the hidden page number has
        nothing to link to.
        """
        if not self.is_bound:
            return []
        pairs = []
        for name, messages in self.errors.items():
            field = self[name] if name in self.fields else None
            target = field.id_for_label if field is not None and not field.is_hidden else ""
            pairs.extend((message, target) for message in messages)
        return pairs

    def clean_q(self):
        return half_width_alphanumerics(_TO_SIMPLIFIED.convert(self.cleaned_data["q"]))

    def has_criteria(self):
        """Return True if the citizen asked for anything: a query or at least one filter."""
        return any(self.data.get(name, "").strip() for name in ("q", *self.FILTERS))

    def searches_publications(self):
        """
        Return True if documents are searched too: there is a query or a domain (call when valid).

        The other filters are elements of catalogue items; with only those set, every document
        would match, which answers nothing the citizen asked.
        """
        return bool(self.cleaned_data["q"] or self.cleaned_data["domain"])

    def item_only_filters(self):
        """Return the labels of the item-only filters the citizen set, to say they skip documents."""
        return [
            self.fields[name].label for name in self.ITEM_ONLY_FILTERS if self.cleaned_data[name]
        ]

    def filter_publications(self, queryset):
        """Apply the domain to publications through the items they name (call only when valid)."""
        if self.cleaned_data["domain"]:
            queryset = queryset.of_domain(self.cleaned_data["domain"])
        return queryset

    def filter(self, queryset):
        """Apply the filters to the items of `queryset` (call only when the form is valid)."""
        data = self.cleaned_data
        if data["domain"]:
            queryset = queryset.filter(domain=data["domain"])
        if data["channel"]:
            queryset = queryset.with_channel(data["channel"])
        for name, fields in (
            ("audience", AUDIENCE_FIELDS),
            ("mode", MODE_FIELDS),
            ("level", LEVEL_FIELDS),
        ):
            if data[name]:
                queryset = queryset.filter(**{fields[data[name]]: True})
        return queryset
