"""The ledger in the admin: ledgers with their import and exports, requirements, progress."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from ledger import admin_import, exporting, office_names, publishing, reports
from ledger import rights as ledger_rights
from ledger.models import Ledger, OfficeName, ProgressEntry, Requirement, Task
from offices import rights as office_rights
from offices.scoped_admin import OfficeScopedAdminMixin
from review.admin import ReviewAdminMixin
from units import access
from versions.admin import VersionedAdminMixin, VersionedInlineMixin


class TaskInline(VersionedInlineMixin, admin.TabularInline):
    model = Task
    fields = ["title", "parent", "order"]
    extra = 0
    show_change_link = False


@admin.register(Ledger)
class LedgerAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "title", "document_number", "owner_office", "public", "downloads"]
    list_filter = ["is_demo"]
    readonly_fields = ["publication"]
    actions = ["file_for_review"]

    @admin.display(description="已公开", boolean=True)
    def public(self, obj):
        return obj.is_public

    @admin.action(description="生成所在栏目的公开信息并送审")
    def file_for_review(self, request, queryset):
        for ledger in queryset.select_related("publication", "column"):
            try:
                publication = publishing.file_ledger(ledger)
            except publishing.NotReady as exc:
                messages.error(request, f"{ledger.title}：{exc}")
                continue
            messages.success(
                request,
                format_html(
                    '{}：已生成公开信息草稿，请<a href="{}">提交审核</a>。',
                    ledger.title,
                    reverse("admin:publications_publication_change", args=[publication.pk]),
                ),
            )

    inlines = [TaskInline]
    change_list_template = "admin/ledger/ledger/change_list.html"

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(lambda r: admin_import.import_view(self, r)),
                name="ledger_ledger_import",
            ),
            path(
                "<int:pk>/export/<str:kind>/",
                self.admin_site.admin_view(self.export_view),
                name="ledger_ledger_export",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description="下载")
    def downloads(self, obj):
        links = [
            ("xlsx", "台账 Excel"),
            ("json", "JSON"),
            ("monthly-xlsx", "月度进展 Excel"),
            ("monthly-docx", "月度进展 Word"),
        ]
        return format_html(
            " · ".join(['<a href="{}">{}</a>'] * len(links)),
            *[
                part
                for kind, label in links
                for part in (reverse("admin:ledger_ledger_export", args=[obj.pk, kind]), label)
            ],
        )

    def export_view(self, request, pk, kind):
        ledger = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, ledger):
            raise Http404
        makers = {
            "xlsx": (lambda: exporting.to_xlsx(ledger, public_only=False), "xlsx", "台账"),
            "json": (lambda: exporting.to_json(ledger, public_only=False), "json", "台账"),
            "monthly-xlsx": (lambda: reports.monthly_xlsx(ledger), "xlsx", "月度进展"),
            "monthly-docx": (lambda: reports.monthly_docx(ledger), "docx", "月度进展"),
        }
        if kind not in makers:
            raise Http404
        make, extension, label = makers[kind]
        response = HttpResponse(make(), content_type=reports.CONTENT_TYPES[extension])
        filename = f"{ledger.year}年{label}.{extension}"
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response


@admin.register(Requirement)
class RequirementAdmin(VersionedAdminMixin, ReviewAdminMixin, admin.ModelAdmin):
    """A published requirement's edit is saved as a revision (review), as items' are."""

    list_display = [
        "number",
        "short_text",
        "ledger",
        "status",
        "offices_text",
        "deadline_text",
        "due",
        "ongoing",
    ]
    list_filter = [("ledger", admin.RelatedOnlyFieldListFilter), "status", "ongoing"]
    search_fields = ["text", "number"]
    readonly_fields = ["due", "ongoing", "recurrence"]
    fields = ["ledger", *Requirement.FROM_FILE]

    class Media:
        css = {"all": ["admin_extra/ledger.css"]}

    @admin.display(description="具体要求")
    def short_text(self, obj):
        return obj.text[:40]

    @admin.display(description="责任部门（单位）")
    def offices_text(self, obj):
        return obj.offices_text

    def save_model(self, request, obj, form, change):
        # Before the review's save: a revision carries the deadline's meaning too. The offices
        # are linked again when the row itself is saved (ledger.receivers).
        obj.interpret_deadline()
        super().save_model(request, obj, form, change)


@admin.register(OfficeName)
class OfficeNameAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """Each unit maps the names its own ledgers use to its own offices."""

    list_display = ["name", "office", "not_an_office"]
    list_editable = ["office", "not_an_office"]
    list_filter = ["not_an_office", ("office", admin.EmptyFieldListFilter)]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        office_names.relink_all(obj.unit_id)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "POST":
            rows = access.scope(request.user, OfficeName.objects.all())
            for unit_id in set(rows.values_list("unit_id", flat=True)):
                office_names.relink_all(unit_id)
        return response


@admin.register(ProgressEntry)
class ProgressEntryAdmin(
    VersionedAdminMixin,
    OfficeScopedAdminMixin,
    ReviewAdminMixin,
    admin.ModelAdmin,
):
    list_display = ["requirement", "office", "reported_on", "state", "status", "author"]
    list_filter = [
        "status",
        "state",
        ("office", admin.RelatedOnlyFieldListFilter),
        ("requirement__ledger", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "requirement__text"]
    autocomplete_fields = []
    fields = ["requirement", "office", "reported_on", "state", "text", "reason"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "requirement":
            kwargs["queryset"] = ledger_rights.requirements(
                request.user, Requirement.objects.select_related("ledger")
            )
        if db_field.name == "office" and not office_rights.is_unrestricted(request.user):
            kwargs["queryset"] = office_rights.offices_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
