"""
What search engines and feed readers need: sitemap.xml, robots.txt and an Atom feed of changes.

All three list published items only, and are cached whole like every public page.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from catalogue.models import DisclosureItem, Domain
from columns.models import Column

FEED_ITEMS = 50


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["catalogue:home", "columns:column-tree"]

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


SITEMAPS = {
    "pages": PagesSitemap,
    "domains": DomainSitemap,
    "items": ItemSitemap,
    "columns": ColumnSitemap,
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


class ChangesFeed(Feed):
    """Newly published and recently changed items, newest first."""

    feed_type = Atom1Feed

    def title(self):
        return f"{settings.BUREAU_NAME}政务公开：新发布和更新的事项"

    def subtitle(self):
        return f"{settings.BUREAU_NAME}社会救助、养老服务政务公开标准目录的最近变化"

    def link(self):
        return reverse("catalogue:home")

    def items(self):
        return (
            DisclosureItem.objects.published()
            .select_related("domain")
            .order_by("-updated_at", "-id")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return f"{item.domain.name}：{item.name}"

    def item_description(self, item):
        return item.content

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.issuing_body or settings.BUREAU_NAME
