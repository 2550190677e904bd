from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from backoffice.catalogue_import import CatalogueImportMixin
from catalogue.admin_export import DomainExportMixin, ItemExportMixin
from catalogue.models import Channel, DisclosureItem, Domain
from offices.scoped_admin import OfficeScopedAdminMixin
from privacy.forms import PrivacyGuardFormMixin
from review.admin import ReviewAdminMixin
from review.history_admin import HistoryAdminMixin
from versions.admin import VersionedAdminMixin


@admin.register(Domain)
class DomainAdmin(VersionedAdminMixin, DomainExportMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "item_count"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    ordering = ["order", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description="事项数", ordering="item_count")
    def item_count(self, obj):
        return obj.item_count


@admin.register(Channel)
class ChannelAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "order", "is_standard"]
    list_editable = ["order"]
    list_filter = ["is_standard"]
    search_fields = ["name"]
    ordering = ["order", "id"]


class DisclosureItemForm(PrivacyGuardFormMixin, forms.ModelForm):
    """The clerk's form: channels as ticks in template order, and the template's rules."""

    class Meta:
        model = DisclosureItem
        fields = [
            "domain",
            "number",
            "level1",
            "level2",
            "status",
            "content",
            "basis",
            "deadline",
            "issuing_body",
            "channels",
            "other_channels",
            "audience_public",
            "audience_specific",
            "mode_proactive",
            "mode_on_request",
            "level_county",
            "level_township",
            "columns",
        ]
        widgets = {
            "channels": forms.CheckboxSelectMultiple,
            "content": forms.Textarea(attrs={"rows": 4}),
            "basis": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.TextInput(attrs={"class": "vLargeTextField", "size": 60}),
            "issuing_body": forms.TextInput(attrs={"class": "vLargeTextField", "size": 60}),
            "other_channels": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("channels") and not (cleaned.get("other_channels") or "").strip():
            self.add_error("channels", "请至少选择一个公开渠道（或在“其他渠道”中填写）。")
        if "columns" in self.fields and cleaned.get("columns") is not None:
            # The model's clean checks them against the domain's unit.
            self.instance.links_given = {"columns": [c.pk for c in cleaned["columns"]]}
        return cleaned


@admin.register(DisclosureItem)
class DisclosureItemAdmin(
    VersionedAdminMixin,
    OfficeScopedAdminMixin,
    HistoryAdminMixin,
    ReviewAdminMixin,
    CatalogueImportMixin,
    ItemExportMixin,
    SimpleHistoryAdmin,
):
    """
    The clerks' items. Publishing goes through the review (review.admin): the panel's buttons,
    提交审核 and 撤回 in the list; a published item's edits are kept as a revision until reviewed.
    """

    form = DisclosureItemForm
    list_display = ["number", "level1", "level2", "domain", "status", "updated_at"]
    list_display_links = ["level1", "level2"]
    list_filter = [
        "status",
        "domain",
        "channels",
        "mode_proactive",
        "mode_on_request",
        "audience_public",
        "audience_specific",
        "level_county",
        "level_township",
    ]
    list_select_related = ["domain"]
    search_fields = ["level1", "level2", "content", "basis"]
    ordering = ["domain__order", "domain_id", "number", "id"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["columns"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["submit_selected", "withdraw_selected"]
    save_on_top = True
    fieldsets = [
        ("公开事项", {"fields": ["domain", "number", "level1", "level2", "status", "version"]}),
        ("公开要素", {"fields": ["content", "basis", "deadline", "issuing_body"]}),
        ("公开渠道和载体", {"fields": ["channels", "other_channels"]}),
        (
            "公开对象、方式和层级",
            {
                "fields": [
                    ("audience_public", "audience_specific"),
                    ("mode_proactive", "mode_on_request"),
                    ("level_county", "level_township"),
                ]
            },
        ),
        ("发布栏目", {"fields": ["columns"]}),
        ("记录", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    # --- per-office rights (offices.rights): a clerk changes only their office's items ------
    # A new item goes only into a domain the clerk's office owns, and links only the office's
    # columns (OfficeScopedAdminMixin narrows every such link).

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "channels":
            kwargs["queryset"] = Channel.objects.order_by("order", "id")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        names = {channel.name for channel in form.cleaned_data.get("channels", [])}
        for warning in form.instance.publishing_warnings(channel_names=names):
            self.message_user(request, f"提醒：{warning}", messages.WARNING)
