"""
What search engines and feed readers need: sitemap.xml, robots.txt and an Atom feed of changes.

All three list published items and publications only, and are cached whole like every public page.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from consultations.models import Consultation
from publications.models import Publication

FEED_ITEMS = 50


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "catalogue:home",
            "columns:column-tree",
            "inforequests:guide",
            "inforequests:register",
            "inforequests:statistics",
            "annualreport:report-list",
            "consultations:consultation-list",
            "inquiries:message-form",
        ]

    def location(self, name):
        return reverse(name)


class DomainSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Domain.objects.order_by("order", "id")


class ItemSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return DisclosureItem.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Column.objects.only("pk", "updated_at").order_by("pk")

    def lastmod(self, column):
        return column.updated_at


class PublicationSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Publication.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, publication):
        return publication.updated_at


class ConsultationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Consultation.objects.public().only("pk", "updated_at").order_by("pk")

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
        items = (
            DisclosureItem.objects.published()
            .select_related("domain")
            .order_by("-updated_at", "-id")[:FEED_ITEMS]
        )
        publications = (
            Publication.objects.published()
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


def sitemap(request, **kwargs):
    """Django's sitemap view, which pages with `p`: declared for the page cache (pagecache)."""
    return django_sitemap(request, **kwargs)


sitemap.query_parameters = ("p",)
