from django.conf import settings

from units.middleware import unit_or_none


def site(request):
    """The unit whose pages these are, and its name for every page's header and title."""
    unit = unit_or_none(request)
    name = unit.name if unit is not None else settings.PORTAL_PLATFORM_NAME
    return {"unit": unit, "bureau_name": name}
