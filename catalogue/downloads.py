"""
The public download of a domain's catalogue (xlsx, CSV, JSON open data): published items only.

Evaluators and citizens fetch these files repeatedly; an ETag built from everything the file
shows (the published items' count and latest change, the channel table, the domain's name and the
bureau's name) lets browsers revalidate cheaply. Caches must revalidate on every use (no-cache), so
an item taken off the portal leaves the download at once rather than after a max-age.
"""

import hashlib

from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from catalogue.exporting import FORMATS, bureau_name, export_domain, export_filename
from catalogue.models import Channel, DisclosureItem, Domain
from sitewide.downloads import content_disposition


def _etag(request, slug, fmt):
    """
    Hash what the file is made of, so any change to it changes the tag.

    Item edits, publishing and deletions move the count or the latest change; a channel renamed
    or reordered, the domain renamed or another bureau name change the file without touching an
    item, so they are part of the tag too.
    """
    if fmt not in FORMATS:
        return None
    published = Q(items__status=DisclosureItem.Status.PUBLISHED)
    stats = (
        Domain.objects.filter(slug=slug)
        .annotate(
            published=Count("items", filter=published),
            latest=Max("items__updated_at", filter=published),
        )
        .values("pk", "name", "published", "latest")
        .first()
    )
    if stats is None:
        return None
    latest = stats["latest"].isoformat() if stats["latest"] else ""
    channels = list(
        Channel.objects.order_by("pk").values_list("pk", "name", "order", "is_standard")
    )
    parts = (fmt, stats["pk"], stats["name"], stats["published"], latest, bureau_name(), channels)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@require_safe
@cache_control(public=True, no_cache=True, max_age=0, must_revalidate=True)
@condition(etag_func=_etag)
def domain_download(request, slug, fmt):
    if fmt not in FORMATS:
        raise Http404("不支持的下载格式。")
    domain = get_object_or_404(Domain, slug=slug)
    response = HttpResponse(
        export_domain(domain, fmt, published_only=True), content_type=FORMATS[fmt]
    )
    response["Content-Disposition"] = content_disposition(
        export_filename(domain, fmt), f"{domain.slug}.{fmt}"
    )
    return response
