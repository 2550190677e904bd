"""Ledgers built directly for tests."""

from ledger import office_names, publishing
from ledger.models import Ledger, ProgressEntry, Requirement, Task
from publications.models import Publication
from tests.factories import make_column


def make_ledger(year, rows, **kwargs):
    """
    A ledger for `year` with one task and a requirement per row.

    Each row is a dict: number, text, deadline_text, lead (names), support (names). With
    is_public=True the ledger is filed in a column and its publication published.
    """
    kwargs.setdefault("title", f"{year}年政务公开重点工作台账")
    public = kwargs.pop("is_public", False)
    if public:
        kwargs.setdefault("column", make_column())
    ledger = Ledger.objects.create(year=year, **kwargs)
    task = Task.objects.create(ledger=ledger, title="一、抓好主动公开")
    requirements = []
    for order, row in enumerate(rows, start=1):
        requirement = Requirement(
            ledger=ledger,
            task=task,
            number=str(row.get("number", order)),
            text=row.get("text", f"要求{order}"),
            lead_names=row.get("lead", ["办公室"]),
            support_names=row.get("support", []),
            deadline_text=row.get("deadline_text", "年底前"),
            order=order,
        )
        requirement.interpret_deadline()
        requirement.save()
        requirements.append(requirement)
    office_names.link(requirements)
    if public:  # as if filed and taken through the review
        publishing.file_ledger(ledger, status=Publication.Status.PUBLISHED)
    return ledger, requirements


def report(requirement, office, day, state=ProgressEntry.State.IN_PROGRESS, **kwargs):
    """A progress entry, published as if it had been through the review unless `status` says."""
    kwargs.setdefault("text", "已按要求推进")
    kwargs.setdefault("status", ProgressEntry.Status.PUBLISHED)
    return ProgressEntry.objects.create(
        requirement=requirement, office=office, reported_on=day, state=state, **kwargs
    )


def task_url(requirement, page=None):
    """The public page of the requirement's task (and `page` of it)."""
    from django.urls import reverse

    url = reverse("ledger:task-detail", args=[requirement.ledger.year, requirement.task_id])
    return url if page is None else f"{url}?page={page}"
