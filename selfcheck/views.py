"""
The self-check list for staff: a page in the admin and its Excel export, one unit at a time.

The page shows the user's unit (`?unit=` a slug or 统一社会信用代码 picks another of theirs);
staff of a parent unit also read the units below it, read-only, from the table of its children.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from selfcheck import export, rules, summaries
from sitewide import paging
from sitewide.downloads import content_disposition
from units import access
from units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Problems listed on one page; the summaries above them count them all.
PER_PAGE = 100


NO_UNIT = "您尚未加入任何发布单位，无法查看自查问题清单。请联系平台管理员把您加入本单位。"
UNKNOWN_UNIT = "没有这个发布单位，或您无权查看它的自查问题清单。"


def _unit(request):
    """
    The Unit the page shows and whether the user only reads it (a unit below theirs).

    `?unit=` names it by slug or 统一社会信用代码; without it, the user's first unit.
    """
    user = request.user
    wanted = request.GET.get("unit", "").strip()
    if wanted:
        named = Q(slug=wanted) | Q(code=wanted.upper())
        unit = Unit.objects.select_related("parent").filter(named).first()
        if unit is None or not access.may_read(user, unit):
            raise Http404(UNKNOWN_UNIT)
    else:
        unit = access.default_unit(user)
        if unit is None:
            raise PermissionDenied(NO_UNIT)
    return unit, not access.may_change(user, unit)


def _switch_units(user):
    """
    The units the switcher offers when there is a choice: the user's own (for a platform
    administrator, the top ones); the units below them are reached from the table of children.
    """
    units = (
        Unit.objects.filter(parent=None)
        if access.is_platform_admin(user)
        else Unit.objects.filter(pk__in=access.unit_ids(user))
    )
    units = list(units.order_by("order", "pk").only("pk", "name", "slug"))
    return units if len(units) > 1 else []


def _readable_parent(user, unit):
    """The unit above `unit` when the user reads it too (a link back up the tree), else None."""
    parent = unit.parent if unit.parent_id else None
    return parent if parent is not None and access.may_read(user, parent) else None


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
    unit, read_only = _unit(request)
    choices = rules.office_choices(unit)
    office, office_error = _office_filter(request, choices)
    report = rules.run(today=today, office=office, unit=unit)
    summaries.record(report)
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
        "unit": unit,
        "read_only": read_only,
        # Links keep the unit only when the address named it: one unit's page stays as it was.
        "unit_param": unit.slug if request.GET.get("unit", "").strip() else "",
        "switch_units": _switch_units(request.user),
        "parent": _readable_parent(request.user, unit),
        "children": summaries.children(unit),
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
    unit, _ = _unit(request)
    choices = rules.office_choices(unit)
    office, error = _office_filter(request, choices)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    # The same run as the page: the unit's problems and the national verdict on its site.
    report = rules.run(today=today, office=office, unit=unit)
    summaries.record(report)
    data = export.write_problems(
        rules.group_by_office(report.problems, choices),
        verdict=report.verdict,
        bureau_name=unit.name,
        today=today,
        absolute_url=request.build_absolute_uri,
        office=office,
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        export.filename(today, office, unit.name), f"selfcheck-{unit.slug}-{today.isoformat()}.xlsx"
    )
    response["Cache-Control"] = "private, no-store"
    return response
