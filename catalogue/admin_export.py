"""
Admin exports of the catalogue, as mixins for the ModelAdmin classes in catalogue/admin.py.

    class DomainAdmin(DomainExportMixin, admin.ModelAdmin): ...
    class DisclosureItemAdmin(ItemExportMixin, admin.ModelAdmin): ...

Both add their export actions to the action menu themselves (for users with view permission), so
the admin classes keep their own `actions`. DomainExportMixin also serves
admin:catalogue_domain_export (args: object id, format) for an "导出" button on the change form.
Staff exports carry drafts too: staff hand out what they are working on. A file is one unit's
catalogue and names that unit (编制单位): a selection of several units' domains is refused.
"""

import io
import zipfile

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path

from catalogue.exporting import (
    FORMATS,
    bureau_name,
    domain_records,
    export_filename,
    records_to_csv,
    records_to_json,
)
from catalogue.models import Domain
from catalogue.records import item_to_record
from catalogue.sheet_writer import catalogue_workbook
from sitewide.admin_exports import ExportActionsMixin
from sitewide.downloads import file_response
from sitewide.xlsx import workbook_bytes
from units.access import may_read

ZIP = "application/zip"
SEVERAL_UNITS = "所选内容属于多个发布单位，目录按单位导出：请只选择一个单位的领域或事项。"


def one_unit(modeladmin, request, catalogues):
    """Whether the (domain, records) pairs are one unit's; if not, say so to the user."""
    if len({domain.unit_id for domain, _ in catalogues}) <= 1:
        return True
    modeladmin.message_user(request, SEVERAL_UNITS, messages.ERROR)
    return False


def catalogues_response(catalogues, fmt):
    """
    Answer with the catalogues of several domains, `catalogues` being (domain, records) pairs.

    One xlsx holds a template sheet per domain; CSV and JSON, one file per domain, come zipped
    when there is more than one.
    """
    if fmt == "xlsx":
        wb = catalogue_workbook(
            [(domain.name, records) for domain, records in catalogues],
            bureau_name=bureau_name(catalogues[0][0]) if catalogues else "",
        )
        if len(catalogues) == 1:
            domain = catalogues[0][0]
            filename, fallback = export_filename(domain, fmt), f"{domain.slug}.{fmt}"
        else:
            filename, fallback = "基层政务公开标准目录.xlsx", "catalogues.xlsx"
        return file_response(workbook_bytes(wb), filename, FORMATS[fmt], fallback)
    encode = records_to_csv if fmt == "csv" else records_to_json
    if len(catalogues) == 1:
        domain, records = catalogues[0]
        return file_response(
            encode(records), export_filename(domain, fmt), FORMATS[fmt], f"{domain.slug}.{fmt}"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for domain, records in catalogues:
            archive.writestr(export_filename(domain, fmt), encode(records))
    return file_response(
        buffer.getvalue(), f"基层政务公开标准目录（{fmt}）.zip", ZIP, "catalogues.zip"
    )


def not_found(request, object_id, fmt):
    raise Http404("没有这个领域。")


class DomainExportMixin(ExportActionsMixin):
    """Export whole domains: actions on the domain list, and a per-domain export URL."""

    export_actions = ("export_domains_xlsx", "export_domains_csv", "export_domains_json")

    def _export_domains(self, request, queryset, fmt):
        domains = queryset.select_related("unit").order_by("order", "id")
        catalogues = [(domain, domain_records(domain)) for domain in domains]
        if not one_unit(self, request, catalogues):
            return None
        return catalogues_response(catalogues, fmt)

    @admin.action(description="导出所选领域的目录：Excel（标准目录格式）")
    def export_domains_xlsx(self, request, queryset):
        return self._export_domains(request, queryset, "xlsx")

    @admin.action(description="导出所选领域的目录：CSV")
    def export_domains_csv(self, request, queryset):
        return self._export_domains(request, queryset, "csv")

    @admin.action(description="导出所选领域的目录：JSON")
    def export_domains_json(self, request, queryset):
        return self._export_domains(request, queryset, "json")

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("<int:object_id>/export.<str:fmt>", export, name="catalogue_domain_export"),
            # Any other id is a plain 404, not the admin's redirects to its index page.
            path("<path:object_id>/export.<str:fmt>", self.admin_site.admin_view(not_found)),
            *super().get_urls(),
        ]

    def export_view(self, request, object_id, fmt):
        """One domain's whole catalogue, drafts included, as a download."""
        if fmt not in FORMATS:
            raise Http404("不支持的导出格式。")
        domain = get_object_or_404(Domain.objects.select_related("unit"), pk=object_id)
        # Another unit's first, as if it did not exist (404, as everywhere in the admin): the
        # permission check of a scoped admin refuses it too, which would say it exists (403).
        if not may_read(request.user, domain):
            raise Http404("没有这个领域。")
        if not self.has_view_permission(request, domain):
            raise PermissionDenied
        return catalogues_response([(domain, domain_records(domain))], fmt)


class ItemExportMixin(ExportActionsMixin):
    """Export the selected items (e.g. a filtered list) in the template layout, by domain."""

    export_actions = ("export_items_xlsx", "export_items_csv", "export_items_json")

    def _export_items(self, request, queryset, fmt):
        items = (
            queryset.select_related("domain__unit")
            .prefetch_related("channels")
            .order_by("domain__order", "domain_id", "number", "id")
        )
        catalogues = []
        for item in items:
            if not catalogues or catalogues[-1][0].pk != item.domain_id:
                catalogues.append((item.domain, []))
            catalogues[-1][1].append(item_to_record(item))
        if not one_unit(self, request, catalogues):
            return None
        return catalogues_response(catalogues, fmt)

    @admin.action(description="导出所选事项：Excel（标准目录格式）")
    def export_items_xlsx(self, request, queryset):
        return self._export_items(request, queryset, "xlsx")

    @admin.action(description="导出所选事项：CSV")
    def export_items_csv(self, request, queryset):
        return self._export_items(request, queryset, "csv")

    @admin.action(description="导出所选事项：JSON")
    def export_items_json(self, request, queryset):
        return self._export_items(request, queryset, "json")
