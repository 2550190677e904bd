from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from columns.admin_export import ColumnExportMixin
from columns.admin_import import ColumnImportMixin
from columns.models import Column
from offices import rights
from offices.scoped_admin import OfficeScopedAdminMixin
from review.history_admin import HistoryAdminMixin
from versions.admin import VersionedAdminMixin, VersionedInlineMixin


class ChildColumnInline(VersionedInlineMixin, admin.TabularInline):
    model = Column
    fk_name = "parent"
    fields = ["number", "name", "frequency", "owner_kind", "owner_office", "order"]
    extra = 0
    show_change_link = True

    # The children may belong to other offices, and only the head sets owners: a clerk opens
    # a child through its own change link, where the office rule applies.
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and rights.is_unrestricted(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and rights.is_unrestricted(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and rights.is_unrestricted(request.user)


@admin.register(Column)
class ColumnAdmin(
    VersionedAdminMixin,
    OfficeScopedAdminMixin,
    HistoryAdminMixin,
    ColumnImportMixin,
    ColumnExportMixin,
    SimpleHistoryAdmin,
):
    list_display = ["number", "name", "parent", "frequency", "owner_display", "order"]
    list_display_links = ["number", "name"]
    list_filter = ["frequency", "owner_kind", "owner_office", "assigned_offices"]
    list_select_related = ["parent", "owner_office"]
    search_fields = ["name", "=number"]
    ordering = ["order", "number", "id"]
    autocomplete_fields = ["parent"]
    inlines = [ChildColumnInline]
    # The import mixin builds on this template, which adds the table export buttons.
    change_list_template = "admin/columns/column/change_list.html"
    fields = [
        "number",
        "name",
        "parent",
        "order",
        "frequency",
        "owner_kind",
        "owner_office",
        "assigned_offices",
    ]

    # --- per-office rights (offices.rights): a clerk changes only their office's columns -----

    def get_readonly_fields(self, request, obj=None):
        """Only the head (or anyone unrestricted) sets owners and assigns offices."""
        fields = list(super().get_readonly_fields(request, obj))
        if rights.is_unrestricted(request.user):
            return fields
        # A clerk's new column is their own office's: the owner fields stay, with own choices.
        owner = ["owner_kind", "owner_office"] if obj is not None else []
        return [*fields, *owner, "assigned_offices"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "owner_kind" and not rights.is_unrestricted(request.user):
            office = Column.OwnerKind.OFFICE
            kwargs["choices"] = [(office.value, office.label)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner_office" and not rights.is_unrestricted(request.user):
            kwargs["queryset"] = rights.offices_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "assigned_offices":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="负责科室", ordering="owner_office__name")
    def owner_display(self, obj):
        return obj.owner_label
