"""The self-check list for staff: a page in the admin and its Excel export."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from selfcheck import export, rules
from sitewide.downloads import content_disposition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _office_filter(request, choices):
    """(office label or "", error message or "") from ?office=; an unknown label is an error."""
    office = request.GET.get("office", "").strip()
    if office and office not in choices:
        return "", f"没有名为“{office}”的科室，请从“责任科室”列表中选择，下面列出全部问题。"
    return office, ""


@require_safe
def report(request):
    today = timezone.localdate()
    choices = rules.office_choices()
    office, error = _office_filter(request, choices)
    report = rules.run(today=today, office=office)
    problems = report.problems
    context = {
        "verdict": report.verdict,
        **admin.site.each_context(request),
        "title": "政务公开自查问题清单",
        "today": today,
        "office": office,
        "office_error": error,
        "choices": choices,
        "problems": problems,
        "summary": rules.count_by_rule(problems),
        "groups": rules.group_by_office(problems, choices),
    }
    return render(request, "selfcheck/report.html", context)


@require_safe
def export_xlsx(request):
    today = timezone.localdate()
    choices = rules.office_choices()
    office, error = _office_filter(request, choices)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    # The same run as the page: its problems and the national verdict on the whole site.
    report = rules.run(today=today, office=office)
    data = export.write_problems(
        rules.group_by_office(report.problems, choices),
        verdict=report.verdict,
        bureau_name=settings.BUREAU_NAME,
        today=today,
        absolute_url=request.build_absolute_uri,
        office=office,
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        export.filename(today, office), f"selfcheck-{today.isoformat()}.xlsx"
    )
    response["Cache-Control"] = "private, no-store"
    return response
