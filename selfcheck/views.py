"""The self-check list for staff: a page in the admin and its Excel export."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from selfcheck import export, rules
from sitewide import paging
from sitewide.downloads import content_disposition
from units import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Problems listed on one page; the summaries above them count them all.
PER_PAGE = 100


def _office_filter(request, choices):
    """(office label or "", error message or "") from ?office=; an unknown label is an error."""
    office = request.GET.get("office", "").strip()
    if office and office not in choices:
        return "", f"没有名为“{office}”的科室，请从“责任科室”列表中选择，下面列出全部问题。"
    return office, ""


def _rule_filter(request, problems):
    """(rule code or "", error message or "") from ?rule=: a type with problems now."""
    rule = request.GET.get("rule", "").strip()
    if rule and not any(problem.rule == rule for problem in problems):
        return "", "当前没有这一类型的问题，下面列出全部问题。"
    return rule, ""


def _rule_counts(problems):
    """[(code, label, count)] for every rule, zeros included: the list shows what was checked."""
    codes = {problem.rule_label: problem.rule for problem in problems}
    return [(codes.get(label, ""), label, count) for label, count in rules.count_by_rule(problems)]


def _page_groups(page, totals, before):
    """The page's problems under their office headings; `before` the label ending the last page."""
    groups = []
    for label, problem in page.object_list:
        if not groups or groups[-1]["label"] != label:
            continued = not groups and label == before
            groups.append(
                {"label": label, "total": totals[label], "continued": continued, "problems": []}
            )
        groups[-1]["problems"].append(problem)
    return groups


@require_safe
def report(request):
    """The counts by rule and by office first, then the problems, paged, filtered by either."""
    today = timezone.localdate()
    choices = rules.office_choices()
    office, office_error = _office_filter(request, choices)
    report = rules.run(today=today, office=office)
    problems = report.problems
    rule, rule_error = _rule_filter(request, problems)
    shown = [problem for problem in problems if problem.rule == rule] if rule else problems
    groups = rules.group_by_office(shown, choices)
    listed = [(label, problem) for label, group in groups for problem in group]
    page = paging.page_of(request, listed, PER_PAGE)
    before = listed[page.start_index() - 2][0] if page.number > 1 else None
    summary = _rule_counts(problems)
    context = {
        "verdict": report.verdict,
        **admin.site.each_context(request),
        "title": "政务公开自查问题清单",
        "today": today,
        "office": office,
        "rule": rule,
        # A rule with no problem now has no code: only a chosen rule names the office table.
        "rule_label": next((label for code, label, _ in summary if rule and code == rule), ""),
        "errors": [error for error in (office_error, rule_error) if error],
        "choices": choices,
        "problems": problems,
        "shown": shown,
        "summary": summary,
        "by_office": [(label, len(group)) for label, group in groups],
        "groups": _page_groups(page, {label: len(group) for label, group in groups}, before),
        **paging.page_context(page),
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
        bureau_name=access.default_unit(request.user).name,
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
