"""
The annual report in the admin: draft from the data, edit, check, file for review.

Until it is published the report is edited freely and reviewed as the publication that carries
it (生成公开信息并送审); once published, an edit or a new draft from the data is a revision of the
report, reviewed on the report's own panel (review.admin.ReviewAdminMixin) while the public page
and its Word file keep the published text.
"""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html

from annualreport import checks, drafting, presentation, publishing
from annualreport.forms import FOUR_FIELDS, AnnualReportForm
from annualreport.models import AnnualReport
from review.admin import ReviewAdminMixin
from review.workflow import ReviewRefused
from reviewable.steps import PUBLISHED
from versions.admin import VersionedAdminMixin

FIRST_PUBLICATION = (
    "年度报告首次公开随“公开年报”栏目信息一并审核：请点击“生成公开信息并送审”，"
    "在栏目信息中提交审核。发布后对报告的修改将作为修改稿在此送审。"
)


@admin.register(AnnualReport)
class AnnualReportAdmin(VersionedAdminMixin, ReviewAdminMixin, admin.ModelAdmin):
    form = AnnualReportForm
    list_display = ["year", "publication", "updated_at"]
    # Table 三 is counted from the request register (按数据更新草稿), never typed: shown, not
    # posted, so no edit in the form can change the grid that is filed.
    readonly_fields = ["publication", "table_three_table", "table_three_source"]
    change_form_template = "admin/annualreport/change_form.html"
    fieldsets = [
        (None, {"fields": ["year", "publication"]}),
        ("一、总体情况", {"fields": ["overview"]}),
        (
            "二、主动公开政府信息情况（规章、规范性文件由栏目信息自动统计）",
            {
                "fields": [
                    "licensing_count",
                    "punishment_count",
                    "enforcement_count",
                    "fee_amount",
                    "entered_sources",
                ]
            },
        ),
        (
            "三、依申请公开情况",
            {
                "fields": ["table_three_table", "table_three_source"],
                "description": "表三由依申请公开登记台账统计（上年结转取自上年度报告），不能在此修改；"
                "登记台账有变化时，请点击页面上方的“按数据更新草稿”重新统计。",
            },
        ),
        (
            "四、行政复议、行政诉讼情况",
            {"fields": [*(name for name, _, _ in FOUR_FIELDS), "table_four_source"]},
        ),
        ("五、六", {"fields": ["problems", "other_matters"]}),
    ]

    @admin.display(description="表三")
    def table_three_table(self, report):
        """Show the stored grid in the public page's layout, so staff check what will be filed."""
        if report.pk is None:
            return "保存后点击“按数据更新草稿”，从依申请公开登记台账生成表三。"
        return format_html(
            # Focusable, so a keyboard can scroll the table when the window is narrow.
            '<div class="annual-table-three" role="region" aria-label="表三" tabindex="0">{}</div>',
            render_to_string(
                "inforequests/_table_three.html", presentation.table_three_context(report)
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/draft/",
                self.admin_site.admin_view(self.draft_view),
                name="annualreport_annualreport_draft",
            ),
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_view),
                name="annualreport_annualreport_file",
            ),
            *super().get_urls(),
        ]

    def _back(self, report):
        return redirect(reverse("admin:annualreport_annualreport_change", args=[report.pk]))

    def _report(self, request, pk):
        """The report of an admin action's URL, or 404 (an id past the last row or 64 bits)."""
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def draft_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST" or not self.has_change_permission(request, report):
            return self._back(report)
        try:
            drafting.draft(report.year, user=request.user, unit=report.unit)
        except ReviewRefused as refusal:
            messages.error(request, refusal.message)
            return self._back(report)
        if report.status == PUBLISHED:
            messages.warning(
                request, "已按最新数据生成修改稿：公众仍看到已发布的报告，修改稿经审核发布后生效。"
            )
        else:
            messages.success(request, "已按最新数据更新表三和空白的文字部分。")
        return self._back(report)

    def file_view(self, request, pk):
        report = self._report(request, pk)
        if request.method != "POST" or not self.has_change_permission(request, report):
            return self._back(report)
        try:
            publication = publishing.file_as_publication(report)
        except publishing.NotReady as exc:
            for line in str(exc).splitlines():
                messages.error(request, line)
            return self._back(report)
        messages.success(request, "已生成“公开年报”栏目的信息草稿，请在栏目信息中提交审核。")
        return redirect(reverse("admin:publications_publication_change", args=[publication.pk]))

    def review_panel(self, request, obj):
        """A draft report has no steps of its own: it is reviewed as its publication."""
        panel = super().review_panel(request, obj)
        if obj.status != PUBLISHED:
            panel = {**panel, "actions": [], "next_step": FIRST_PUBLICATION}
        return panel

    def review_view(self, request, object_id):
        report = self.get_object(request, object_id)
        if report is not None and report.status != PUBLISHED:
            messages.error(request, FIRST_PUBLICATION)
            return self._back(report)
        return super().review_view(request, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "problems": checks.check(report) if report else [],
        }
        return super().change_view(request, object_id, form_url, extra_context)
