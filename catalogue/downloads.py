"""
The public download of a domain's catalogue (xlsx, CSV, JSON open data): published items only.

Evaluators and citizens fetch these files repeatedly. A key built from everything the file shows
(the published items' count and latest change, the channel table, the domain's name and the
bureau's name) names the stored file (sitewide.generated: built once per state of the domain) and
gives the ETag, so browsers revalidate cheaply. Caches must revalidate on every use (no-cache), so
an item taken off the portal leaves the download at once rather than after a max-age.
"""

import hashlib

from django.db.models import Count, Max, Q
from django.http import Http404
from django.views.decorators.http import require_safe

from catalogue.exporting import FORMATS, bureau_name, export_domain, export_filename
from catalogue.models import Channel, DisclosureItem, Domain
from sitewide import generated


def _state(unit_id, slug, fmt):
    """
    Return (`unit`'s domain, a hash of what its file is made of), or None: any change changes
    the hash. Each unit has its own domains under the same slugs.

    Item edits, publishing and deletions move the count or the latest change; a channel renamed
    or reordered, the domain renamed or another bureau name change the file without touching an
    item, so they are part of the tag too.
    """
    published = Q(items__status=DisclosureItem.Status.PUBLISHED)
    domain = (
        Domain.objects.filter(unit_id=unit_id, slug=slug)
        .select_related("unit")
        .annotate(
            published=Count("items", filter=published),
            latest=Max("items__updated_at", filter=published),
        )
        .first()
    )
    if domain is None:
        return None
    latest = domain.latest.isoformat() if domain.latest else ""
    channels = list(
        Channel.objects.order_by("pk").values_list("pk", "name", "order", "is_standard")
    )
    parts = (fmt, domain.pk, domain.name, domain.published, latest, bureau_name(domain), channels)
    return domain, hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@require_safe
def domain_download(request, slug, fmt):
    if fmt not in FORMATS:
        raise Http404("不支持的下载格式。")
    state = _state(request.unit.pk, slug, fmt)  # the unit's own domain: slugs repeat across units
    if state is None:
        raise Http404("没有这个领域。")
    domain, key = state
    return generated.download(
        request,
        f"catalogue/{domain.pk}/{fmt}",
        key,
        lambda: export_domain(domain, fmt, published_only=True),
        suffix=f".{fmt}",
        content_type=FORMATS[fmt],
        filename=export_filename(domain, fmt),
        fallback=f"{domain.slug}.{fmt}",
    )
