"""
The platform's own pages: the live units as a tree (单位导航) and search across units.

Both read every live unit at once and link to each unit's pages (disclosure.unit_links), in a
fixed number of queries whatever the number of units: the tree is built in memory from one
list, and each figure of a unit's standing comes from one grouped query for all units. They
stay at the platform's root: under /u/<slug>/ they redirect there, so each has one address.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.views.generic import TemplateView

from catalogue.forms import SearchForm
from catalogue.models import DisclosureItem
from columns.freshness import Freshness
from columns.models import Column
from disclosure.standing import (
    deadline_days_by_column,
    deadline_for,
    oldest_waiting_by_column,
    standing_of,
)
from disclosure.unit_links import UnitLinks, platform_prefix
from publications.models import Publication
from units.models import Unit
from workdays.calendar import working_calendar

# The platform search shows this many results of each kind; a chosen unit's own search pages on.
PLATFORM_RESULTS = 20


class PlatformPage:
    """
    Serve the page at the platform's root only: /u/<slug>/units/ redirects to /units/. It shows
    every unit, so the page cache keeps it under the platform's version (pagecache).
    """

    page_cache_platform = True

    def dispatch(self, request, *args, **kwargs):
        if request.unit_slug:
            query = request.META.get("QUERY_STRING", "")
            target = platform_prefix(request) + request.path_info.lstrip("/")
            return HttpResponseRedirect(target + (f"?{query}" if query else ""))
        return super().dispatch(request, *args, **kwargs)


@dataclass
class UnitRow:
    """One unit of the tree with what its line shows."""

    unit: Unit
    url: str
    children: list = field(default_factory=list)
    items: int = 0
    publications: int = 0
    overdue: int = 0
    latest: date | None = None


def live_units():
    """The live units and the first unit (always served at the root), in the tree's order."""
    first = Unit.objects.order_by("pk").values("pk")[:1]
    return list(
        Unit.objects.filter(Q(is_live=True) | Q(pk__in=first))
        .only("pk", "name", "slug", "kind", "level", "parent_id", "order")
        .order_by("order", "pk")
    )


def newest(*days):
    days = [day for day in days if day is not None]
    return max(days) if days else None


def overdue_by_unit(today):
    """
    {unit id: its columns overdue today}, from the rules of disclosure.standing.

    The facts are read for every unit's columns at once (four queries and the calendar), never
    per unit or by a list of ids, so the count of queries and of query parameters stays fixed.
    """
    columns = list(Column.objects.only("pk", "unit_id", "number", "frequency").order_by())
    last = Publication.objects.all().last_published_by_column()
    deadlines = deadline_days_by_column()
    waiting = oldest_waiting_by_column()
    cal = working_calendar()
    counts = {}
    for column in columns:
        standing = standing_of(
            column,
            last.get(column.pk),
            deadline_for(column.pk, deadlines),
            waiting.get(column.pk),
            today,
            cal,
        )
        if standing.status == Freshness.OVERDUE:
            counts[column.unit_id] = counts.get(column.unit_id, 0) + 1
    return counts


class UnitTreeView(PlatformPage, TemplateView):
    """
    单位导航: the live units as a tree (province › city › county › towns), each with its latest
    update and its standing (published items and documents, columns overdue today).

    Nine queries (the live units, the root's unit, items, publications, columns, the three
    column facts, the calendar) however many units there are; the page cache keys by day, so
    "overdue today" stays true.
    """

    template_name = "units/unit_tree.html"

    def get_context_data(self, **kwargs):
        units = live_units()
        links = UnitLinks(self.request, units, home_id=self.request.unit.pk)
        rows = {unit.pk: UnitRow(unit, links.prefix(unit.pk)) for unit in units}
        items = (
            DisclosureItem.objects.published()
            .order_by()
            .values("domain__unit_id")
            .annotate(count=Count("pk"), latest=Max("updated_at"))
        )
        for row in items:
            if row["domain__unit_id"] in rows:
                line = rows[row["domain__unit_id"]]
                line.items = row["count"]
                line.latest = newest(line.latest, timezone.localdate(row["latest"]))
        publications = (
            Publication.objects.published()
            .order_by()
            .values("column__unit_id")
            .annotate(count=Count("pk"), latest=Max("published_on"))
        )
        for row in publications:
            if row["column__unit_id"] in rows:
                line = rows[row["column__unit_id"]]
                line.publications = row["count"]
                line.latest = newest(line.latest, row["latest"])
        today = timezone.localdate()
        for unit_id, count in overdue_by_unit(today).items():
            if unit_id in rows:
                rows[unit_id].overdue = count
        roots = []
        for row in rows.values():
            parent = rows.get(row.unit.parent_id)
            (parent.children if parent is not None else roots).append(row)
        kwargs.update(
            roots=roots,
            units=units,  # the search form's choice of unit
            unit_count=len(rows),
            today=today,
            platform_name=settings.PORTAL_PLATFORM_NAME,
        )
        return super().get_context_data(**kwargs)


class PlatformSearchView(PlatformPage, TemplateView):
    """
    Search every live unit's published items and documents, or one unit's (`unit=<slug>`).

    Each result names its unit and links to that unit's page; the first results of each kind
    are shown, and a chosen unit's own search page holds the rest (with its filters). A bad
    parameter (an unknown unit, an overlong query) gives the page with a message, never an error.
    """

    template_name = "units/search.html"
    query_parameters = ("q", "unit")  # the page cache removes any other (pagecache)

    def get_context_data(self, **kwargs):
        units = live_units()
        by_slug = {unit.slug: unit for unit in units}
        links = UnitLinks(self.request, units, home_id=self.request.unit.pk)
        form = SearchForm({"q": self.request.GET.get("q", "")})
        errors = []
        query = ""
        if form.is_valid():
            query = form.cleaned_data["q"]
        else:
            errors = [message for message, _ in form.error_list()]
        slug = self.request.GET.get("unit", "").strip()
        chosen = by_slug.get(slug)
        if slug and chosen is None:
            errors.append("没有这个单位，请从列表中选择。")
        context = {
            "form": form,
            "query": query,
            "units": units,
            "chosen": chosen,
            "chosen_slug": slug,
            "errors": errors,
            "searched": bool(query) and not errors,
        }
        if context["searched"]:
            context.update(self.find(query, chosen, list(by_slug.values()), links))
        kwargs.update(context)
        return super().get_context_data(**kwargs)

    def find(self, query, chosen, units, links):
        """The first results of each kind, their totals and their units' links: six queries."""
        unit_ids = [chosen.pk] if chosen is not None else [unit.pk for unit in units]
        names = {unit.pk: unit.name for unit in units}
        items = (
            DisclosureItem.objects.published()
            .filter(domain__unit_id__in=unit_ids)
            .search(query)
            .select_related("domain")
        )
        publications = (
            Publication.objects.published().filter(column__unit_id__in=unit_ids).search(query)
        )
        ordered = items.order_by("domain__unit_id", *DisclosureItem._meta.ordering)
        item_list = list(ordered[:PLATFORM_RESULTS])
        publication_list = list(
            publications.select_related("column").best_first(query)[:PLATFORM_RESULTS]
        )
        for item in item_list:
            item.unit_name = names[item.domain.unit_id]
            item.url = links.url(item.domain.unit_id, item.get_absolute_url())
        for publication in publication_list:
            publication.unit_name = names[publication.column.unit_id]
            publication.url = links.url(publication.column.unit_id, publication.get_absolute_url())
        more_url = ""
        if chosen is not None:
            more_url = links.prefix(chosen.pk) + "search/?" + urlencode({"q": query})
        return {
            "items": item_list,
            "item_total": items.count(),
            "publications": publication_list,
            "publication_total": publications.count(),
            "more_url": more_url,
        }
