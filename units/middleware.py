"""
Which unit a public request is for: `/u/<slug>/…` is that unit's, everything else the first's.

The middleware strips `/u/<slug>` from the path the URLconf resolves and makes it the script
prefix while the request runs, so every view, `reverse()` and `{% url %}` stay as they were and
links on a unit's pages stay on that unit's pages. `request.unit` is the Unit, read lazily (a
page served from the page cache never reads it); an unknown slug answers 404. `request.unit_slug`
is the slug from the path ("" at the root), which the page cache keys and versions by.
The admin has one address: `/u/<slug>/admin/…` sends to `/admin/…`.
"""

import re

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import get_script_prefix, set_script_prefix
from django.utils.functional import SimpleLazyObject

from units.models import Unit

PREFIX = re.compile(r"^/u/(?P<slug>[-\w]+)(?P<rest>/.*)?$", re.ASCII)
UNKNOWN_UNIT = "没有找到这个单位的网页。"


class UnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Django adds the script prefix to a relative STATIC_URL / MEDIA_URL on first reading and
        # keeps the result: read them under the site's own prefix, never under a unit's, so that
        # static files are at one address whichever page the process served first.
        settings.STATIC_URL, settings.MEDIA_URL  # noqa: B018
        match = PREFIX.match(request.path_info)
        if match is None:
            request.unit_slug = ""
            request.unit = SimpleLazyObject(Unit.objects.home)
            return self.get_response(request)
        slug, rest = match["slug"], match["rest"]
        if rest is None:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                f"{request.path}/" + (f"?{query}" if query else "")
            )
        if rest.startswith("/admin/"):
            return HttpResponseRedirect(rest)
        request.unit_slug = slug
        request.unit = SimpleLazyObject(lambda: unit_by_slug(slug))
        request.path_info = rest
        previous = get_script_prefix()
        set_script_prefix(f"{previous.rstrip('/')}/u/{slug}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(previous)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """
        Answer 404 for every page of an unknown unit, whether or not its view reads the unit.

        Runs only when a view is about to run, never on a page-cache hit.
        """
        if request.unit_slug:
            request.unit.pk  # noqa: B018 - reading the lazy unit raises Http404 if unknown


def unit_by_slug(slug):
    try:
        return Unit.objects.select_related("parent").get(slug=slug)
    except Unit.DoesNotExist:
        raise Http404(UNKNOWN_UNIT) from None


def unit_or_none(request):
    """`request.unit`, or None where the request names no unit that exists (its 404 page)."""
    unit = getattr(request, "unit", None)
    try:
        return None if unit is None or unit.pk is None else unit
    except Http404:
        return None
