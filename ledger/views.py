"""
The public ledger pages: the year's tasks with their totals first, then one page per task with
its requirements, offices, deadlines and progress, paged.

Both pages read a constant number of queries whatever the size of the ledger. Where each
requirement stands depends on the day: the page cache keys pages on the day too (pagecache).
Each unit's pages show its own ledgers (request.unit): /u/<slug>/ledger/<year>/ is that unit's.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ledger import standing, summary
from ledger.models import Ledger, ProgressEntry, Task
from offices import rights
from sitewide import paging
from sitewide.views import nav_domains
from units import access

# Requirements on one page of a task: a long task stays a page a phone loads quickly.
PER_PAGE = 50


def ledger_list(request):
    ledgers = Ledger.objects.public().filter(unit=request.unit).select_related("column")
    return render(
        request, "ledger/ledger_list.html", {"ledgers": ledgers, "nav_domains": nav_domains()}
    )


def _ledger(request, year):
    """The year's ledger if this reader may see it, else 404."""
    ledger = (
        Ledger.objects.filter(unit=request.unit, year=year)
        .select_related("owner_office", "column", "publication")
        .first()
    )
    if ledger is None or not (ledger.is_public or _previews(request.user, ledger)):
        raise Http404("没有这一年的工作台账")
    return ledger


def _previews(user, ledger):
    """Staff see a ledger before it is public if the admin shows it and they read its unit."""
    return rights.may_preview(user, ledger) and access.may_read(user, ledger)


def _public_only(request, ledger):
    return not summary.staff_reader(ledger, request.user)


def ledger_detail(request, year):
    """The ledger's tasks, each with its number of requirements done, in progress and overdue."""
    ledger = _ledger(request, year)
    today = timezone.localdate()
    requirements = summary.visible_requirements(ledger, request.user)
    return render(
        request,
        "ledger/ledger_detail.html",
        {
            "ledger": ledger,
            "summary": summary.summarize(
                ledger, requirements, today, public_only=_public_only(request, ledger)
            ),
            "today": today,
            "nav_domains": nav_domains(),
        },
    )


def task_detail(request, year, task):
    """One task's requirements with their offices, deadlines, latest progress and standing."""
    ledger = _ledger(request, year)
    task = get_object_or_404(Task, ledger=ledger, pk=task)
    requirements = (
        summary.visible_requirements(ledger, request.user)
        .filter(task=task)
        .select_related("subtask")
        .order_by("order", "id")
    )
    page = paging.page_of(request, requirements, PER_PAGE)
    today = timezone.localdate()
    rows = list(page.object_list)
    progress = standing.progress_by_requirement(rows, public_only=_public_only(request, ledger))
    for requirement in rows:
        requirement.ledger = ledger
        entries = progress.get(requirement.pk) or []
        requirement.latest = entries[0] if entries else None
        requirement.standing = standing.status(requirement, entries, today)
    return render(
        request,
        "ledger/task_detail.html",
        {
            "ledger": ledger,
            "task": task,
            "requirements": rows,
            **paging.page_context(page),
            "today": today,
            "states": ProgressEntry.State,
            "nav_domains": nav_domains(),
        },
    )


task_detail.query_parameters = ("page",)  # the page cache removes any other (pagecache)
