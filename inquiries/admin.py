"""
The staff's screen for messages: assign to an office, answer, redirect, publish the Q&A.

A clerk sees their offices' messages only (offices.rights, by the models' office_path); the head sees all,
including the new ones waiting to be assigned. What the citizen typed is read-only.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from inquiries.models import Message
from inquiries.qa import QARefused, draft_qa
from offices.scoped_admin import OfficeScopedAdminMixin
from versions.admin import VersionedAdminMixin

CITIZEN_FIELDS = ["subject", "question", "contact", "received_at"]


@admin.register(Message)
class MessageAdmin(VersionedAdminMixin, OfficeScopedAdminMixin, admin.ModelAdmin):
    own_office_fields = ["office"]
    list_display = ["subject", "office", "status", "kind", "received_at", "due_label"]
    list_filter = ["status", "kind", ("office", admin.RelatedOnlyFieldListFilter), "is_demo"]
    list_select_related = ["office"]
    search_fields = ["subject", "question"]
    date_hierarchy = "received_at"
    readonly_fields = [
        *CITIZEN_FIELDS,
        "status",
        "answered_at",
        "answered_by",
        "qa_publication",
        "due_label",
    ]
    fields = [
        *CITIZEN_FIELDS,
        "due_label",
        "kind",
        "office",
        "status",
        "answer",
        "answered_at",
        "answered_by",
        "qa_publication",
    ]
    actions = ["redirect_complaints", "redirect_petitions", "draft_qa_action"]

    def has_add_permission(self, request):
        return False  # messages come from citizens only

    @admin.display(description="答复期限")
    def due_label(self, obj):
        if obj.is_done:
            return "已办结"
        due, estimated, _ = obj.due()
        late = timezone.localdate() > due
        text = f"{date_format(due)}{'（预估）' if estimated else ''}"
        return format_html("<strong>{}（已逾期）</strong>", text) if late else text

    def save_model(self, request, obj, form, change):
        if "office" in form.changed_data and obj.office_id and obj.status == Message.Status.NEW:
            obj.status = Message.Status.ASSIGNED
        if "answer" in form.changed_data and obj.answer.strip():
            obj.status = Message.Status.ANSWERED
            obj.answered_at = timezone.now()
            obj.answered_by = request.user
        super().save_model(request, obj, form, change)

    def _redirect(self, request, queryset, kind):
        done = 0
        for message in queryset.exclude(status__in=Message.DONE):
            message.redirect(request.user, kind)
            done += 1
        self.message_user(request, f"已按标准答复告知 {done} 条留言的办理渠道。", messages.SUCCESS)

    @admin.action(description="属于投诉：以标准答复告知投诉渠道", permissions=["change"])
    def redirect_complaints(self, request, queryset):
        self._redirect(request, queryset, Message.Kind.COMPLAINT)

    @admin.action(description="属于信访事项：以标准答复告知信访渠道", permissions=["change"])
    def redirect_petitions(self, request, queryset):
        self._redirect(request, queryset, Message.Kind.PETITION)

    @admin.action(description="生成公开问答稿（去除个人信息后送审）", permissions=["change"])
    def draft_qa_action(self, request, queryset):
        made = []
        for message in queryset:
            try:
                made.append(draft_qa(message))
            except QARefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
        if len(made) == 1:
            self.message_user(
                request, "已生成问答稿：请删除其中的个人信息后提交审核。", messages.SUCCESS
            )
            url = reverse("admin:publications_publication_change", args=[made[0].pk])
            return HttpResponseRedirect(url)
        if made:
            self.message_user(request, f"已生成 {len(made)} 份问答稿。", messages.SUCCESS)
        return None
