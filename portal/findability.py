"""
What search engines and feed readers need: sitemap.xml, robots.txt and an Atom feed of changes.

All three list published items and publications only, and are cached whole like every public page.
Each unit has its own feed and sitemap under /u/<slug>/; the root's sitemap lists every live
unit's pages (the first unit's at the root), the root's feed is the first unit's.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from consultations.models import Consultation
from disclosure.unit_links import UnitLinks
from publications.models import Publication
from units.models import Unit

FEED_ITEMS = 50


class UnitSitemap(Sitemap):
    """
    A sitemap section of one unit's pages (/u/<slug>/sitemap.xml), or of every live unit's at the
    root (/sitemap.xml: the first unit's pages at the root, the others' under /u/<slug>/).

    Rows carry their unit's id (`unit_ref`, annotated in the same query), so a location costs no
    query whatever the number of units.
    """

    unit_field = "unit"

    def __init__(self, links, unit_id=None):
        self.links = links
        self.unit_id = unit_id  # None: every unit the links know (the root sitemap)

    def of_units(self, queryset):
        if self.unit_id is not None:
            queryset = queryset.filter(**{f"{self.unit_field}_id": self.unit_id})
        else:
            queryset = queryset.filter(**{f"{self.unit_field}_id__in": list(self.links.prefixes)})
        return queryset.annotate(unit_ref=F(f"{self.unit_field}_id"))

    def location(self, row):
        return self.links.url(row.unit_ref, row.get_absolute_url())


class PagesSitemap(UnitSitemap):
    changefreq = "daily"
    names = (
        "catalogue:home",
        "columns:column-tree",
        "inforequests:guide",
        "inforequests:register",
        "inforequests:statistics",
        "annualreport:report-list",
        "consultations:consultation-list",
        "inquiries:message-form",
    )

    def items(self):
        unit_ids = [self.unit_id] if self.unit_id is not None else list(self.links.prefixes)
        return [(unit_id, name) for unit_id in unit_ids for name in self.names]

    def location(self, entry):
        unit_id, name = entry
        return self.links.url(unit_id, reverse(name))


class DomainSitemap(UnitSitemap):
    changefreq = "weekly"

    def items(self):
        return self.of_units(Domain.objects.order_by("unit_id", "order", "id"))


class ItemSitemap(UnitSitemap):
    changefreq = "monthly"
    unit_field = "domain__unit"

    def items(self):
        return self.of_units(
            DisclosureItem.objects.published().only("pk", "updated_at").order_by("pk")
        )

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(UnitSitemap):
    changefreq = "monthly"

    def items(self):
        return self.of_units(Column.objects.only("pk", "updated_at").order_by("pk"))

    def lastmod(self, column):
        return column.updated_at


class PublicationSitemap(UnitSitemap):
    changefreq = "yearly"
    unit_field = "column__unit"

    def items(self):
        return self.of_units(
            Publication.objects.published().only("pk", "updated_at").order_by("pk")
        )

    def lastmod(self, publication):
        return publication.updated_at


class ConsultationSitemap(UnitSitemap):
    changefreq = "weekly"

    def items(self):
        return self.of_units(Consultation.objects.public().only("pk", "updated_at").order_by("pk"))

    def lastmod(self, consultation):
        return consultation.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "domains": DomainSitemap,
    "items": ItemSitemap,
    "columns": ColumnSitemap,
    "publications": PublicationSitemap,
    "consultations": ConsultationSitemap,
}


@require_safe
def robots_txt(request):
    """Everything public may be indexed; the admin may not."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def published_at(publication):
    """A publication's 发布日期 as the start of that day in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(publication.published_on, datetime.time()))


class TextAtomFeed(Atom1Feed):
    """
    Atom with each entry's summary as text (type="text"), not HTML.

    Summaries are item content and 文号, plain text typed by staff: Django's Atom feed marks
    them type="html", which tells readers to render `<a href="javascript:…">` as a live link.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ChangesFeed(Feed):
    """
    New publications and new or changed items, newest first.

    A publication counts from its 发布日期 (a document dated last year and entered today is not
    news); an item from its last change, since the catalogue is kept under dynamic management.
    """

    feed_type = TextAtomFeed

    def get_object(self, request, *args, **kwargs):
        self.unit = request.unit
        return None

    def title(self):
        return f"{self.unit.name}政务公开：新发布的信息和更新的事项"

    def subtitle(self):
        return f"{self.unit.name}栏目新发布的信息，以及社会救助、养老服务政务公开标准目录的最近变化"

    def link(self):
        return reverse("catalogue:home")

    def items(self):
        unit_id = self.unit.pk
        items = (
            DisclosureItem.objects.published()
            .filter(domain__unit_id=unit_id)
            .select_related("domain")
            .order_by("-updated_at", "-id")[:FEED_ITEMS]
        )
        publications = (
            Publication.objects.published()
            .filter(column__unit_id=unit_id)
            .exclude(published_on=None)
            .select_related("column")
            .prefetch_related(
                Prefetch("interprets", Publication.objects.published(), to_attr="public_policies"),
                Prefetch(
                    "interpretations",
                    Publication.objects.published(),
                    to_attr="public_interpretations",
                ),
            )
            .order_by("-published_on", "-id")[:FEED_ITEMS]
        )
        entries = [*items, *publications]
        entries.sort(key=self.changed_at, reverse=True)
        return entries[:FEED_ITEMS]

    def changed_at(self, entry):
        if isinstance(entry, Publication):
            return published_at(entry)
        return entry.updated_at

    def item_title(self, entry):
        if isinstance(entry, Publication):
            return f"{entry.column.name}：{entry.title}"
        return f"{entry.domain.name}：{entry.name}"

    def item_description(self, entry):
        if isinstance(entry, Publication):
            parts = [entry.document_number, entry.index_number]
            parts += [f"解读：《{policy.title}》" for policy in entry.public_policies]
            parts += [f"政策解读：《{item.title}》" for item in entry.public_interpretations]
            return " ".join(part for part in parts if part)
        return entry.content

    def item_pubdate(self, entry):
        if isinstance(entry, Publication):
            return published_at(entry)
        return entry.created_at

    def item_updateddate(self, entry):
        return self.changed_at(entry)

    def item_author_name(self, entry):
        if isinstance(entry, Publication):
            return entry.issuer or self.unit.name
        return entry.issuing_body or self.unit.name


def sitemap(request, sitemaps=None, **kwargs):
    """
    The unit's sitemap under /u/<slug>/, every live unit's at the root (the first unit's pages
    at the root, each other unit's under its /u/<slug>/): one list of URLs in a fixed number of
    queries, paged with `p` by Django's view (declared for the page cache, pagecache).
    """
    if request.unit_slug:
        unit_id = request.unit.pk
        links = UnitLinks.of_this_request(request, unit_id)
    else:
        home_id = request.unit.pk
        units = Unit.objects.filter(Q(is_live=True) | Q(pk=home_id)).only("pk", "slug")
        links = UnitLinks(request, units, home_id=home_id)
        unit_id = None
    sections = {name: section(links, unit_id) for name, section in (sitemaps or SITEMAPS).items()}
    return django_sitemap(request, sitemaps=sections, **kwargs)


# The root's sitemap lists every live unit's pages: cached under the platform's version.
sitemap.page_cache_platform = True


sitemap.query_parameters = ("p",)
