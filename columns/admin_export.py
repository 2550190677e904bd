"""
Admin exports of the column table, as a mixin for ColumnAdmin in columns/admin.py.

    class ColumnAdmin(ColumnExportMixin, admin.ModelAdmin): ...

It adds the actions "导出所选栏目" (xlsx / CSV, numbered columns of the selection) to the action
menu by itself, and serves the whole table at admin:columns_column_export (args: format), e.g.
for a "导出栏目表" button on the change list (the change list's context carries the two URLs as
`column_export_urls`).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse

from columns.exporting import FORMATS, export_columns, export_filename
from sitewide.admin_exports import ExportActionsMixin
from sitewide.downloads import file_response


class ColumnExportMixin(ExportActionsMixin):
    export_actions = ("export_columns_xlsx", "export_columns_csv")

    def _export(self, fmt, only=None):
        return file_response(
            export_columns(fmt, only), export_filename(fmt), FORMATS[fmt], f"columns.{fmt}"
        )

    @admin.action(description="导出所选栏目（栏目表格式）：Excel")
    def export_columns_xlsx(self, request, queryset):
        return self._export("xlsx", set(queryset.values_list("pk", flat=True)))

    @admin.action(description="导出所选栏目（栏目表格式）：CSV")
    def export_columns_csv(self, request, queryset):
        return self._export("csv", set(queryset.values_list("pk", flat=True)))

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_table_view)
        return [
            path("export.<str:fmt>", export, name="columns_column_export"),
            *super().get_urls(),
        ]

    def export_table_view(self, request, fmt):
        """The whole numbered table, in table order."""
        if fmt not in FORMATS:
            raise Http404("不支持的导出格式。")
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._export(fmt)

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        extra_context["column_export_urls"] = {
            fmt: reverse(f"{self.admin_site.name}:columns_column_export", args=[fmt])
            for fmt in FORMATS
        }
        return super().changelist_view(request, extra_context)
