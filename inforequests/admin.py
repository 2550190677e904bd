"""
The staff's side of requests: registering, assigning, the steps and their letters, the to-do list.

A clerk (信息员) sees and acts on their office's cases only: the list, the change page, the step
form, the letter downloads and the export all go through offices.rights. The head of the
disclosure office sees every case of their unit and is the only one who assigns the handling
office. Nobody sees another unit's cases, letters or wordings (units.admin_scope).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

import placeholders
from inforequests import actions, answers, clock, exporting, letters, todo
from inforequests.days import bureau_calendar
from inforequests.forms import StepForm
from inforequests.models import Answer, Channel, InfoRequest, LetterTemplate, ReleasedFile
from offices import rights
from offices.scoped_admin import OfficeScopedAdminMixin
from privacy.guard import PrivacyError
from review.admin import ReviewAdminMixin
from review.workflow import Action, ReviewRefused
from reviewable.steps import DRAFT
from sitewide.downloads import content_disposition
from units import access
from versions.admin import VersionedAdminMixin


class ReleasedFileInline(admin.TabularInline):
    model = ReleasedFile
    extra = 0
    fields = ["name", "file", "added_at"]
    readonly_fields = ["added_at"]


@admin.register(InfoRequest)
class InfoRequestAdmin(VersionedAdminMixin, OfficeScopedAdminMixin, admin.ModelAdmin):
    unit_from = ("office",)
    list_display = ["query_code", "received_on", "short_description", "office", "phase", "due"]
    # Only the offices of the cases listed: never another unit's office names.
    list_filter = [
        ("office", admin.RelatedOnlyFieldListFilter),
        "applicant_type",
        "channel",
        "is_demo",
    ]
    search_fields = ["query_code", "description", "public_title"]
    date_hierarchy = "received_on"
    inlines = [ReleasedFileInline]
    actions = ["export_selected"]
    readonly_fields = [
        "query_code",
        "registered_at",
        "registered_by",
        "clock_summary",
        "steps_table",
    ]
    fieldsets = [
        ("办理情况", {"fields": ["query_code", "clock_summary", "steps_table"]}),
        (
            "申请人",
            {
                "fields": [
                    "applicant_type",
                    "organisation_kind",
                    "name",
                    "work_unit",
                    ("id_type", "id_number"),
                    ("credit_code", "legal_representative"),
                    "contact_person",
                    ("phone", "fax"),
                    "email",
                    ("address", "postcode"),
                ]
            },
        ),
        (
            "所需信息",
            {"fields": ["description", "document_number", "purpose", "form_wanted", "delivery"]},
        ),
        (
            "受理",
            {"fields": ["channel", "received_on", "office", "registered_at", "registered_by"]},
        ),
        ("依申请公开目录", {"fields": ["public_title", "in_register"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related("office").prefetch_related("steps")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not rights.is_unrestricted(request.user):
            fields.append("office")  # only the head assigns and reassigns
        if obj is not None and obj.channel == Channel.ONLINE:
            fields += ["channel", "received_on"]
        return fields

    def has_delete_permission(self, request, obj=None):
        # A case is a record the annual report counts: never deleted through the admin.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registered_by = request.user
            if obj.office_id is None and not rights.is_unrestricted(request.user):
                obj.office = next(iter(request.user.offices.all()), None)
        super().save_model(request, obj, form, change)
        if not change:
            duplicates = todo.possible_duplicates(obj)
            if duplicates:
                messages.warning(
                    request,
                    "提示：同一申请人近期已有申请 "
                    + "、".join(case.query_code for case in duplicates)
                    + "，请核对是否重复申请。",
                )

    def save_formset(self, request, form, formset, change):
        for released in formset.save(commit=False):
            findings = [f for f in actions.scan_released(released) if f.blocking]
            if findings:
                messages.error(request, "；".join(f.message for f in findings))
                continue
            released.save()
        for deleted in formset.deleted_objects:
            deleted.delete()

    # --- columns and read-only panels ----------------------------------------------------

    def _clock(self, obj):
        if not hasattr(obj, "_clock_cache"):
            calendar = bureau_calendar()
            state = obj.clock(calendar)
            obj._clock_cache = (state, clock.standing(state, timezone.localdate(), calendar))
        return obj._clock_cache

    @admin.display(description="摘要")
    def short_description(self, obj):
        return obj.description[:30]

    @admin.display(description="状态")
    def phase(self, obj):
        return todo.phase_text(*self._clock(obj))

    @admin.display(description="答复期限")
    def due(self, obj):
        state, standing = self._clock(obj)
        return todo.due_text(state, standing)

    @admin.display(description="计时")
    def clock_summary(self, obj):
        if obj.pk is None:
            return "登记后自动计算答复期限。"
        state, standing = self._clock(obj)
        lines = [f"状态：{self.phase(obj)}", f"答复期限：{todo.due_text(state, standing)}"]
        if not state.finished:  # a finished case has nothing left to notify
            lines.append(
                f"补正告知期限：{date_format(state.correction_notice_due)}（收到申请后7个工作日内）"
            )
        lines += state.reasons
        answer = getattr(obj, "answer", None)
        if answer is None:
            answer_link = reverse("admin:inforequests_answer_add") + f"?request={obj.pk}"
            answer_label = "起草答复"
        else:
            answer_link = reverse("admin:inforequests_answer_change", args=[answer.pk])
            answer_label = f"答复（{answer.get_status_display()}）"
        return format_html(
            "{}<a href='{}'>办理下一环节</a> · <a href='{}'>{}</a> · <a href='{}'>下载接收回执</a>",
            format_html_join("", "{}<br>", ((line,) for line in lines)),
            reverse("admin:inforequests_inforequest_step", args=[obj.pk]),
            answer_link,
            answer_label,
            reverse("admin:inforequests_inforequest_receipt", args=[obj.pk]),
        )

    @admin.display(description="办理环节")
    def steps_table(self, obj):
        if obj.pk is None:
            return ""
        rows = []
        for step in obj.ordered_steps():
            letter = ""
            if step.letter:
                url = reverse("admin:inforequests_inforequest_letter", args=[obj.pk, step.pk])
                letter = format_html("<a href='{}'>下载文书</a>", url)
            rows.append(
                (
                    f"{date_format(step.on)}",
                    step.get_kind_display(),
                    step.get_outcome_display()
                    or (f"期限 {date_format(step.due_on)}" if step.due_on else ""),
                    str(step.created_by or ""),
                    letter,
                )
            )
        if not rows:
            return "尚无办理环节。"
        return format_html(
            "<table><tr><th>日期</th><th>环节</th><th>说明</th><th>经办人</th><th>文书</th></tr>{}</table>",
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
            ),
        )

    # --- views ---------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("todo/", wrap(self.todo_view), name="inforequests_inforequest_todo"),
            path("<int:pk>/step/", wrap(self.step_view), name="inforequests_inforequest_step"),
            path(
                "<int:pk>/receipt/",
                wrap(self.receipt_view),
                name="inforequests_inforequest_receipt",
            ),
            path(
                "<int:pk>/letter/<int:step_pk>/",
                wrap(self.letter_view),
                name="inforequests_inforequest_letter",
            ),
            *super().get_urls(),
        ]

    def _case(self, request, pk):
        case = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        return case

    def step_view(self, request, pk):
        case = self._case(request, pk)
        form = StepForm(request.POST or None, initial={"on": timezone.localdate()}, unit=case.unit)
        if request.method == "POST" and form.is_valid():
            try:
                step = actions.take_step(
                    case,
                    form.cleaned_data["kind"],
                    request.user,
                    on=form.cleaned_data["on"],
                    **form.step_fields(),
                )
            except actions.StepRefused as refused:
                form.add_error(None, refused.message)
            except PrivacyError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, f"已记录“{step.get_kind_display()}”。")
                return redirect("admin:inforequests_inforequest_change", case.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"办理申请 {case.query_code}",
            "case": case,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/inforequests/step_form.html", context)

    def receipt_view(self, request, pk):
        case = self._case(request, pk)
        response = HttpResponse(actions.receipt_docx(case), content_type=letters.DOCX)
        response["Content-Disposition"] = content_disposition(
            f"接收回执-{case.query_code}.docx", f"receipt-{case.query_code}.docx"
        )
        return response

    def letter_view(self, request, pk, step_pk):
        case = self._case(request, pk)
        step = get_object_or_404(case.steps.exclude(letter=""), pk=step_pk)
        response = FileResponse(step.letter.open("rb"), content_type=letters.DOCX)
        response["Content-Disposition"] = content_disposition(
            step.letter.name.rsplit("/", 1)[-1], f"letter-{step.pk}.docx"
        )
        return response

    def todo_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "title": "依申请公开待办",
            "groups": todo.by_office(
                self.get_queryset(request), timezone.localdate(), bureau_calendar()
            ),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/inforequests/todo.html", context)

    @admin.action(description="导出所选申请（Excel）", permissions=["view"])
    def export_selected(self, request, queryset):
        cases = (
            rights.scope(request.user, queryset).select_related("office").prefetch_related("steps")
        )
        data = exporting.cases_xlsx((case, self.phase(case), self.due(case)) for case in cases)
        response = HttpResponse(data, content_type=exporting.XLSX)
        response["Content-Disposition"] = content_disposition(
            "政府信息公开申请.xlsx", "requests.xlsx"
        )
        return response


@admin.register(LetterTemplate)
class LetterTemplateAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """
    Each unit's own wording of its letters: a unit starts from the platform's default wording
    (one row per kind, made when its staff first open the list) and edits only its own rows.
    """

    list_display = ["title", "kind", "unit", "updated_at"]
    list_select_related = ["unit"]
    fields = ["kind", "title", "body"]
    readonly_fields = ["kind"]

    def changelist_view(self, request, extra_context=None):
        ids = access.unit_ids(request.user)
        if not ids and access.is_platform_admin(request.user):
            ids = [access.default_unit(request.user).pk]
        letters.ensure_wordings(ids)
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        listed = "每行一段。" + placeholders.help_text(obj.placeholders)

        class LetterTemplateForm(form):
            # Set on the instance's fields: a subclass of this form (the unit-scoped admin's)
            # rebuilds base_fields from the model, which would drop a change made there.
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "body" in self.fields:
                    self.fields["body"].help_text = listed

        LetterTemplateForm.__name__ = form.__name__
        return LetterTemplateForm

    def has_add_permission(self, request):
        return False  # one row per kind, made from the defaults

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Answer)
class AnswerAdmin(
    VersionedAdminMixin,
    ReviewAdminMixin,
    OfficeScopedAdminMixin,
    admin.ModelAdmin,
):
    """
    The answer under review: the case's clerk drafts and submits it, the head of the disclosure
    office checks it, the leader approves, and publishing it sends it (answers.send).
    """

    list_display = ["__str__", "outcome", "status", "updated_at"]
    list_filter = ["status", "outcome"]
    search_fields = ["request__query_code"]
    fields = ["request", "outcome", "note"]
    actions = ["submit_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("request")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "request"] if obj is not None else fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "request" and field is not None:
            open_cases = InfoRequest.objects.open().filter(answer__isnull=True)
            field.queryset = access.scope(request.user, rights.scope(request.user, open_cases))
        return field

    def get_changeform_initial_data(self, request):
        return {"request": request.GET.get("request")}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        problem = answers.missing_enclosure(obj)
        if problem:
            messages.warning(request, f"已保存，但提交审核前请处理：{problem}")

    @admin.action(description="提交审核（所选草稿）", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._take_step(request, queryset.filter(status=DRAFT), answers.submit, "提交审核")

    def review_view(self, request, object_id):
        action = request.POST.get("action", "") if request.method == "POST" else ""
        if action not in (Action.SUBMIT, Action.PUBLISH, Action.WITHDRAW):
            return super().review_view(request, object_id)
        answer = self.get_object(request, unquote(object_id))
        if answer is None or not self.has_view_permission(request, answer):
            raise PermissionDenied
        if action == Action.SUBMIT:
            problem = answers.missing_enclosure(answer)
            if not problem:
                return super().review_view(request, object_id)
            self.message_user(request, f"“{answer}”不能提交审核：{problem}", messages.ERROR)
            return redirect("admin:inforequests_answer_change", answer.pk)
        try:
            if action == Action.WITHDRAW:
                raise ReviewRefused("答复已发送给申请人，不能撤回。")
            answers.send(request.user, answer, request=request)
        except ReviewRefused as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
        else:
            self.message_user(request, f"“{answer}”已发送，答复告知书已生成。", messages.SUCCESS)
        return redirect("admin:inforequests_answer_change", answer.pk)
