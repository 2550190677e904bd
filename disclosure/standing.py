"""
Where each column stands against its promised update frequency, computed for many at once.

The rules themselves are pure (columns.freshness); this module feeds them the facts from the
database in a fixed number of queries, whatever the number of columns and publications:
the latest publication date of every column, the working-day deadline its items promise, and
the oldest publication still waiting to be published.

- Periodic columns (monthly, quarterly, yearly) are due by the end of the period after their
  latest publication.
- Timely columns (及时更新) have no period: a publication is due N working days after its
  成文日期, N being the shortest "N个工作日" among the column's published items (or the law's 20).
  Such a column is overdue while a publication waits past its deadline, due soon while one's
  deadline is near, and empty while it has never published anything. Working days come from
  the bureau's calendar (workdays.calendar); a deadline counted across a year nobody entered is
  estimated (预估) and says why.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Min
from django.utils import timezone

from catalogue.models import DisclosureItem
from columns import freshness, services
from columns.freshness import Freshness
from publications.models import Publication
from workdays.calendar import working_calendar


@dataclass(frozen=True)
class Standing:
    """One column's standing on one day. `status` is None for columns with no frequency."""

    frequency: str
    last_published: date | None
    status: Freshness | None
    next_due: date | None = None
    deadline_days: int | None = None
    estimated: bool = False
    estimate_reason: str = ""
    # Served by one of the portal's own pages (columns.services): never empty.
    served: bool = False

    @property
    def status_label(self):
        return self.status.label if self.status else ""

    @property
    def is_problem(self):
        return self.status in (Freshness.OVERDUE, Freshness.EMPTY)


def deadline_days_by_column(column_ids=None):
    """{column id: working days a timely column's publications must appear within}: one query."""
    links = DisclosureItem.columns.through.objects.filter(
        disclosureitem__status=DisclosureItem.Status.PUBLISHED
    )
    if column_ids is not None:
        links = links.filter(column_id__in=column_ids)
    days = {}
    for column_id, deadline in links.values_list("column_id", "disclosureitem__deadline"):
        parsed = freshness.parse_working_day_deadline(deadline)
        if parsed is not None:
            days[column_id] = min(parsed, days.get(column_id, parsed))
    return days


def deadline_for(column_id, deadlines):
    return deadlines.get(column_id, freshness.STATUTORY_WORKING_DAYS)


def oldest_waiting_by_column(column_ids=None):
    """{column id: earliest 成文日期 among its not yet published publications}: one query."""
    publications = Publication.objects.all()
    if column_ids is not None:
        publications = publications.filter(column_id__in=column_ids)
    rows = (
        publications.exclude(status=Publication.Status.PUBLISHED)
        .exclude(written_on=None)
        .order_by()
        .values("column_id")
        .annotate(oldest=Min("written_on"))
    )
    return {row["column_id"]: row["oldest"] for row in rows}


def standing_of(column, last, deadline_days, oldest_waiting, today, cal=None):
    """
    The Standing of one column from the facts gathered for all of them.

    A column served by a page of the portal (依申请公开指南, 统计 ...) has that page as its
    content: without publications of its own it is not empty.
    """
    standing = _dated_standing(column, last, deadline_days, oldest_waiting, today, cal)
    if standing.status == Freshness.EMPTY and services.is_served(column):
        return replace(standing, status=Freshness.OK, served=True)
    return standing


def _dated_standing(column, last, deadline_days, oldest_waiting, today, cal):
    frequency = column.frequency
    if not frequency:
        return Standing(frequency, last, None)
    if frequency != freshness.TIMELY:
        return Standing(
            frequency,
            last,
            freshness.status(frequency, last, today),
            freshness.next_due(frequency, last),
        )
    due = deadline = None
    if oldest_waiting is not None:
        deadline = (cal or working_calendar()).add_working_days(oldest_waiting, deadline_days)
        due = deadline.date
    if due is not None and due < today:
        status = Freshness.OVERDUE
    elif last is None:
        status = Freshness.EMPTY
    elif due is not None and due - today <= timedelta(days=freshness.DUE_SOON_DAYS):
        status = Freshness.DUE_SOON
    else:
        status = Freshness.OK
    return Standing(
        frequency,
        last,
        status,
        due,
        deadline_days,
        estimated=bool(deadline and deadline.estimated),
        estimate_reason=deadline.reason if deadline else "",
    )


def attach_standings(columns, today=None):
    """
    Set `column.standing` on every column given and return {column id: Standing}.

    Three queries in all, however many columns (and the calendar's one per request): pass the
    whole tree's nodes at once. Only the given columns' publications and items are read, so one
    column's page stays cheap.
    """
    today = today or timezone.localdate()
    cal = working_calendar()
    columns = list(columns)
    ids = [column.pk for column in columns]
    last = Publication.objects.filter(column_id__in=ids).last_published_by_column()
    deadlines = deadline_days_by_column(ids)
    waiting = oldest_waiting_by_column(ids)
    standings = {}
    for column in columns:
        column.standing = standings[column.pk] = standing_of(
            column,
            last.get(column.pk),
            deadline_for(column.pk, deadlines),
            waiting.get(column.pk),
            today,
            cal,
        )
    return standings
