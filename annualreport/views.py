"""
The reports' public pages: the index of published years, each report's six sections with
accessible tables, and its Word download.
"""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render

from annualreport import presentation, tables, word
from annualreport.models import AnnualReport
from offices import rights
from publications.models import Publication
from sitewide.views import nav_domains


def _report(request, year):
    report = AnnualReport.objects.filter(year=year).select_related("publication").first()
    if report is None or not (report.is_published or rights.may_preview(request.user, report)):
        raise Http404("没有这一年的年度报告")
    return report


def report_list(request):
    """List the published reports, newest first: where citizens look for 年报 by year."""
    reports = (
        AnnualReport.objects.filter(publication__status=Publication.Status.PUBLISHED)
        .select_related("publication__column")
        .order_by("-year")
    )
    return render(
        request,
        "annualreport/report_list.html",
        {"reports": list(reports), "nav_domains": nav_domains()},
    )


def report_detail(request, year):
    report = _report(request, year)
    four = presentation.table_four(report)
    return render(
        request,
        "annualreport/report_detail.html",
        {
            "report": report,
            "table_two": presentation.table_two_figures(report),
            **presentation.table_three_context(report),
            "table_four": [four[0:5], four[5:10], four[10:15]],
            "outcomes": tables.OUTCOMES,
            "overview": report.overview.splitlines(),
            "problems": report.problems.splitlines(),
            "other_matters": report.other_matters.splitlines(),
            "nav_domains": nav_domains(),
        },
    )


def report_docx(request, year):
    report = _report(request, year)
    response = HttpResponse(
        word.to_docx(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.title)}.docx"
    return response
