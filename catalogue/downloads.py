"""
The public download of a domain's catalogue (xlsx, CSV, JSON open data): published items only.

Evaluators and citizens fetch these files repeatedly; an ETag built from the published items'
count and latest change lets browsers revalidate cheaply, and a short max-age keeps edits visible.
"""

from urllib.parse import quote

from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from catalogue.exporting import FORMATS, export_domain, export_filename
from catalogue.models import DisclosureItem, Domain

MAX_AGE = 600


def content_disposition(filename, fallback):
    """An attachment header with an ASCII fallback and the UTF-8 Chinese name (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def _etag(request, slug, fmt):
    """Count and latest change of the published items: deletions and edits both change it."""
    if fmt not in FORMATS:
        return None
    published = Q(items__status=DisclosureItem.Status.PUBLISHED)
    stats = (
        Domain.objects.filter(slug=slug)
        .annotate(
            published=Count("items", filter=published),
            latest=Max("items__updated_at", filter=published),
        )
        .values("pk", "published", "latest")
        .first()
    )
    if stats is None:
        return None
    latest = stats["latest"].timestamp() if stats["latest"] else 0
    return f"{fmt}-{stats['pk']}-{stats['published']}-{latest}"


@require_safe
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
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
