"""
The calendar in the admin, in Chinese: enter a year by pasting its notice (preview, then save),
or edit its days by hand. Only holders of the schedule permissions change it (站点管理员,
公开办负责人 and superusers, review.roles); every change has its history and audit entry.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

import audit
from versions.admin import VersionedAdminMixin
from workdays import store
from workdays.forms import DayFormSet, NoticeForm
from workdays.models import Schedule, ScheduleDay
from workdays.notice import parse_notice
from workdays.preview import WEEKDAY_HEADINGS, year_grid


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    formset = DayFormSet
    fields = ["date", "kind", "name"]
    extra = 1


@admin.register(Schedule)
class ScheduleAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "year",
        "source",
        "notice_title",
        "days_off",
        "make_up_days",
        "entered_by",
        "entered_at",
    ]
    list_filter = ["source"]
    fields = ["year", "notice_title", "notice_text", "source", "entered_by", "entered_at"]
    readonly_fields = ["source", "entered_by", "entered_at"]
    inlines = [ScheduleDayInline]
    change_list_template = "admin/workdays/schedule/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("entered_by")
            .annotate(
                off_count=Count("days", filter=Q(days__kind=ScheduleDay.Kind.OFF)),
                work_count=Count("days", filter=Q(days__kind=ScheduleDay.Kind.WORK)),
            )
        )

    @admin.display(description="放假天数", ordering="off_count")
    def days_off(self, obj):
        return obj.off_count

    @admin.display(description="调休上班天数", ordering="work_count")
    def make_up_days(self, obj):
        return obj.work_count

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "year"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        # A person's edit: seeding from the package never overwrites this year again.
        obj.source = Schedule.Source.PERSON
        obj.entered_by = request.user
        obj.entered_at = timezone.now()
        obj._change_reason = "手工修改"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            store.bump_version()
            schedule = form.instance
            off = schedule.days.filter(kind=ScheduleDay.Kind.OFF).count()
            work = schedule.days.filter(kind=ScheduleDay.Kind.WORK).count()
            audit.record(
                request,
                store.CHANGE if change else store.ENTER,
                obj=schedule,
                detail=f"手工修改：放假 {off} 天，调休上班 {work} 天",
            )

    def delete_model(self, request, obj):
        store.delete_schedule(obj, request=request)

    def delete_queryset(self, request, queryset):
        for schedule in queryset:
            store.delete_schedule(schedule, request=request)

    def get_urls(self):
        return [
            path(
                "enter/",
                self.admin_site.admin_view(self.enter_view),
                name="workdays_schedule_enter",
            ),
            *super().get_urls(),
        ]

    def enter_view(self, request):
        """Paste a notice → preview of the year → save; the text typed is kept on every error."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        notice = None
        if request.method == "POST":
            form = NoticeForm(request.POST)
            if form.is_valid():
                notice = parse_notice(form.cleaned_data["notice_text"], form.cleaned_data["year"])
                if form.cleaned_data["notice_title"]:
                    notice.title = form.cleaned_data["notice_title"]
                if "save" in request.POST and notice.ok:
                    try:
                        store.save_notice(notice, request=request)
                    except store.ScheduleError as error:
                        notice.problems.extend(error.errors)
                    else:
                        self.message_user(
                            request,
                            f"{notice.year}年节假日安排已保存：所有期限已按新的安排重新计算。",
                            messages.SUCCESS,
                        )
                        return HttpResponseRedirect(reverse("admin:workdays_schedule_changelist"))
        else:
            form = NoticeForm(initial={"year": request.GET.get("year", "")})
        existing = None
        if notice is not None:
            existing = Schedule.objects.filter(year=notice.year).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "录入节假日安排",
            "form": form,
            "notice": notice,
            "existing": existing,
            "months": year_grid(notice.year, notice.days, notice.names) if notice else [],
            "weekdays": WEEKDAY_HEADINGS,
            "lines": notice.lines() if notice else [],
        }
        return TemplateResponse(request, "admin/workdays/schedule/enter.html", context)
