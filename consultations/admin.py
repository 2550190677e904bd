"""
The staff's screens for consultations and their comments.

A clerk sees and handles the consultations of their own offices (offices.rights, by the models' office_path).
Comments are read and classified here (主题, 处理结果, 理由); what the citizen typed is read-only.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from consultations.feedback import FeedbackRefused, draft_feedback
from consultations.models import Comment, Consultation
from offices.scoped_admin import OfficeScopedAdminMixin
from versions.admin import VersionedAdminMixin, VersionedInlineMixin

CITIZEN_FIELDS = ["name", "contact", "body", "received_at"]


class CommentInline(VersionedInlineMixin, admin.TabularInline):
    model = Comment
    fields = [*CITIZEN_FIELDS, "theme", "decision", "reason"]
    readonly_fields = CITIZEN_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(VersionedAdminMixin, OfficeScopedAdminMixin, admin.ModelAdmin):
    unit_from = ("office", "notice")
    own_office_fields = ["office"]
    list_display = ["title", "office", "kind", "starts_on", "ends_on", "state_label", "feedback"]
    list_filter = ["kind", ("office", admin.RelatedOnlyFieldListFilter), "is_demo"]
    list_select_related = ["office", "feedback"]
    search_fields = ["title"]
    autocomplete_fields = ["notice", "feedback"]
    date_hierarchy = "starts_on"
    inlines = [CommentInline]
    actions = ["draft_feedback_action"]
    fields = [
        "title",
        "notice",
        "office",
        "kind",
        ("starts_on", "ends_on"),
        "short_period_reason",
        "feedback",
        "is_demo",
    ]

    @admin.display(description="状态")
    def state_label(self, obj):
        return obj.state.label

    @admin.action(description="生成意见反馈稿（根据意见的分类）", permissions=["change"])
    def draft_feedback_action(self, request, queryset):
        made = []
        for consultation in queryset.select_related("feedback", "notice"):
            try:
                made.append(draft_feedback(consultation))
            except FeedbackRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
        if len(made) == 1:
            self.message_user(request, "已生成意见反馈稿，请修改后提交审核。", messages.SUCCESS)
            url = reverse("admin:publications_publication_change", args=[made[0].pk])
            return HttpResponseRedirect(url)
        if made:
            self.message_user(request, f"已生成 {len(made)} 份意见反馈稿。", messages.SUCCESS)
        return None


@admin.register(Comment)
class CommentAdmin(VersionedAdminMixin, OfficeScopedAdminMixin, admin.ModelAdmin):
    """Every comment, to classify in the list; the citizen's own words stay as they came."""

    list_display = ["__str__", "consultation_link", "theme", "decision", "received_at"]
    list_editable = ["theme", "decision"]
    list_filter = ["decision", ("consultation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["consultation"]
    search_fields = ["body", "theme"]
    readonly_fields = ["consultation", *CITIZEN_FIELDS]
    fields = ["consultation", *CITIZEN_FIELDS, "theme", "decision", "reason"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="意见征集")
    def consultation_link(self, obj):
        url = reverse("admin:consultations_consultation_change", args=[obj.consultation_id])
        return format_html('<a href="{}">{}</a>', url, obj.consultation)
