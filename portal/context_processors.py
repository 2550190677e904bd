from django.conf import settings

from disclosure.unit_links import platform_prefix
from units.middleware import unit_or_none


def site(request):
    """
    The unit whose pages these are, its name for every page's header and title, the unit above
    it (a town's county: its name and pages) and the platform's unit list (单位导航).

    No query beyond reading the unit (its parent comes with it, units.middleware); a parent's
    page is linked at /u/<slug>/, which serves the first unit too.
    """
    unit = unit_or_none(request)
    name = unit.name if unit is not None else settings.PORTAL_PLATFORM_NAME
    root = platform_prefix(request)
    parent = unit.parent if unit is not None and unit.parent_id else None
    return {
        "unit": unit,
        "bureau_name": name,
        "unit_parent": parent,
        "unit_parent_url": f"{root}u/{parent.slug}/" if parent is not None else "",
        "platform_name": settings.PORTAL_PLATFORM_NAME,
        "units_url": f"{root}units/",
    }
