"""
Admin exports of the column table, as a mixin for ColumnAdmin in columns/admin.py.

    class ColumnAdmin(ColumnExportMixin, admin.ModelAdmin): ...

It adds the actions "导出所选栏目" (xlsx / CSV, numbered columns of the selection) to the action
menu by itself, and serves the whole table at admin:columns_column_export (args: format), e.g.
for a "导出栏目表" button on the change list (the change list's context carries the two URLs as
`column_export_urls`).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse

from columns.exporting import FORMATS, export_columns, export_filename
from sitewide.admin_exports import ExportActionsMixin
from sitewide.downloads import file_response
from units.access import default_unit
from units.models import Unit

SEVERAL_UNITS = "所选栏目属于多个发布单位，栏目表按单位导出：请只选择一个单位的栏目。"
NO_UNIT = "您不属于任何发布单位，没有可以导出的栏目表。"


class ColumnExportMixin(ExportActionsMixin):
    """Each file is one unit's table: the selection's unit, or the user's own."""

    export_actions = ("export_columns_xlsx", "export_columns_csv")

    def _export(self, fmt, unit, only=None):
        return file_response(
            export_columns(fmt, only, unit),
            export_filename(fmt, unit),
            FORMATS[fmt],
            f"columns.{fmt}",
        )

    def _export_selected(self, request, queryset, fmt):
        chosen = dict(queryset.values_list("pk", "unit_id"))
        if len(set(chosen.values())) > 1:
            self.message_user(request, SEVERAL_UNITS, messages.ERROR)
            return None
        unit = Unit.objects.get(pk=next(iter(chosen.values()))) if chosen else None
        return self._export(fmt, unit, set(chosen))

    @admin.action(description="导出所选栏目（栏目表格式）：Excel")
    def export_columns_xlsx(self, request, queryset):
        return self._export_selected(request, queryset, "xlsx")

    @admin.action(description="导出所选栏目（栏目表格式）：CSV")
    def export_columns_csv(self, request, queryset):
        return self._export_selected(request, queryset, "csv")

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_table_view)
        return [
            path("export.<str:fmt>", export, name="columns_column_export"),
            *super().get_urls(),
        ]

    def export_table_view(self, request, fmt):
        """The whole numbered table of the user's unit, in table order."""
        if fmt not in FORMATS:
            raise Http404("不支持的导出格式。")
        if not self.has_view_permission(request):
            raise PermissionDenied
        unit = default_unit(request.user)
        if unit is None:
            raise PermissionDenied(NO_UNIT)
        return self._export(fmt, unit)

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["column_export_urls"] = {
            fmt: reverse(f"{self.admin_site.name}:columns_column_export", args=[fmt])
            for fmt in FORMATS
        }
        return super().changelist_view(request, extra_context)
