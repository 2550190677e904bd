from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from columns.admin_export import ColumnExportMixin
from columns.admin_import import ColumnImportMixin
from columns.models import Column, Office
from review.history_admin import HistoryAdminMixin


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


class ChildColumnInline(admin.TabularInline):
    model = Column
    fk_name = "parent"
    fields = ["number", "name", "frequency", "owner_kind", "owner_office", "order"]
    extra = 0
    show_change_link = True


@admin.register(Column)
class ColumnAdmin(HistoryAdminMixin, ColumnImportMixin, ColumnExportMixin, SimpleHistoryAdmin):
    list_display = ["number", "name", "parent", "frequency", "owner_display", "order"]
    list_display_links = ["number", "name"]
    list_filter = ["frequency", "owner_kind", "owner_office"]
    list_select_related = ["parent", "owner_office"]
    search_fields = ["name", "=number"]
    ordering = ["order", "number", "id"]
    autocomplete_fields = ["parent"]
    inlines = [ChildColumnInline]
    # The import mixin builds on this template, which adds the table export buttons.
    change_list_template = "admin/columns/column/change_list.html"
    fields = ["number", "name", "parent", "order", "frequency", "owner_kind", "owner_office"]

    @admin.display(description="负责科室", ordering="owner_office__name")
    def owner_display(self, obj):
        return obj.owner_label
