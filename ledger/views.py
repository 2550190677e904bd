"""The public ledger page: the year's tasks, requirements, offices, deadlines and progress."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ledger import standing
from ledger.models import Ledger, ProgressEntry, Requirement
from offices import rights
from sitewide.views import nav_domains


def ledger_list(request):
    ledgers = Ledger.objects.public().select_related("column")
    return render(
        request, "ledger/ledger_list.html", {"ledgers": ledgers, "nav_domains": nav_domains()}
    )


def ledger_detail(request, year):
    ledger = (
        Ledger.objects.filter(year=year)
        .select_related("owner_office", "column", "publication")
        .first()
    )
    if ledger is None or not (ledger.is_public or rights.may_preview(request.user, ledger)):
        raise Http404("没有这一年的工作台账")
    requirements = Requirement.objects.filter(ledger=ledger)
    if not request.user.has_perm("ledger.view_ledger"):
        requirements = requirements.published()  # the reviewed text, never a pending change
    requirements = list(requirements.with_tasks())
    progress = standing.progress_by_requirement(requirements, public_only=True)
    # Staff pages are never cached, so they may show where each item stands today.
    today = timezone.localdate() if request.user.is_staff else None
    groups = []
    for requirement in requirements:
        entries = progress.get(requirement.pk) or []
        requirement.latest = entries[0] if entries else None
        if today is not None:
            requirement.standing = standing.status(requirement, entries, today)
        if not groups or groups[-1]["task"] != requirement.task:
            groups.append({"task": requirement.task, "requirements": []})
        groups[-1]["requirements"].append(requirement)
    return render(
        request,
        "ledger/ledger_detail.html",
        {
            "ledger": ledger,
            "groups": groups,
            "count": len(requirements),
            "states": ProgressEntry.State,
            "nav_domains": nav_domains(),
        },
    )
