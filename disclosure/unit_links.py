"""
Addresses of several units' pages from one page: the platform's pages and the root sitemap.

A unit's pages are under /u/<slug>/ and the first unit's at the root (units.middleware), so a
link to another unit's page is that unit's prefix followed by what `reverse()` gives under the
current prefix. Built from rows the caller already read: no query per link.
"""

from django.urls import get_script_prefix

from units.models import Unit


def platform_prefix(request):
    """The platform's root address (the script prefix without the /u/<slug>/ of this request)."""
    prefix = get_script_prefix()
    tail = f"u/{getattr(request, 'unit_slug', '')}/"
    if tail != "u//" and prefix.endswith(tail):
        return prefix[: -len(tail)]
    return prefix


def home_unit_id(request):
    """The first unit's id: the request's own unit at the root, else one small query."""
    if not getattr(request, "unit_slug", ""):
        return request.unit.pk
    return Unit.objects.order_by("pk").values_list("pk", flat=True).first()


class UnitLinks:
    """
    Each unit's address prefix by unit id: the root for the first unit, /u/<slug>/ for the rest.

    `units` are rows with `pk` and `slug`; `url(unit_id, path)` turns a path reversed on this
    request (under its own prefix) into the same page of that unit.
    """

    def __init__(self, request, units, home_id=None):
        self.root = platform_prefix(request)
        self.current = get_script_prefix()
        self.home_id = home_unit_id(request) if home_id is None else home_id
        self.prefixes = {unit.pk: self.prefix_for(unit) for unit in units}

    @classmethod
    def of_this_request(cls, request, unit_id):
        """Links of the request's own unit at the address it was asked by (/u/<slug>/)."""
        links = cls(request, [], home_id=unit_id)
        links.prefixes[unit_id] = links.current
        return links

    def prefix_for(self, unit):
        return self.root if unit.pk == self.home_id else f"{self.root}u/{unit.slug}/"

    def prefix(self, unit_id):
        return self.prefixes[unit_id]

    def url(self, unit_id, path):
        path = path[len(self.current) :] if path.startswith(self.current) else path.lstrip("/")
        return self.prefixes[unit_id] + path
