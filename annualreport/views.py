"""
The reports' public pages: the index of published years, each report's six sections with
accessible tables, and its Word download: each unit's own (request.unit), one per year.
"""

from django.http import Http404
from django.shortcuts import render

from annualreport import presentation, tables, word
from annualreport.models import AnnualReport
from offices import rights
from pagecache.models import ContentVersion
from publications.models import Publication
from sitewide import generated
from sitewide.downloads import file_response
from sitewide.views import nav_domains
from units import access

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, year):
    report = (
        AnnualReport.objects.filter(unit=request.unit, year=year)
        .select_related("publication", "unit")
        .first()
    )
    if report is None or not (
        report.is_published
        or (rights.may_preview(request.user, report) and access.may_read(request.user, report))
    ):
        raise Http404("没有这一年的年度报告")
    return report


def report_list(request):
    """List the published reports, newest first: where citizens look for 年报 by year."""
    reports = (
        AnnualReport.objects.filter(
            unit=request.unit, publication__status=Publication.Status.PUBLISHED
        )
        .select_related("publication__column", "unit")
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
    """
    The report's Word file: built once per version of its unit's content and stored while
    published.

    A draft (seen by staff only) is built for each request and never stored.
    """
    report = _report(request, year)
    filename, fallback = f"{report.title}.docx", f"annual-report-{year}.docx"
    if not report.is_published:
        return file_response(word.to_docx(report), filename, DOCX, fallback)
    return generated.download(
        request,
        f"annualreport/{report.unit_id}/{year}",
        ContentVersion.objects.key(report.unit_id),
        lambda: word.to_docx(report),
        suffix=".docx",
        content_type=DOCX,
        filename=filename,
        fallback=fallback,
        keep=ContentVersion.objects.is_current,
    )
