"""Reading the display cookies: the only place that knows their values."""

from display import CARE_COOKIE, SCRIPT_COOKIE

# 关怀版 levels: 0 normal, 1 large type, 2 extra-large type (特大字).
CARE_LEVELS = {"off": 0, "on": 1, "large": 2}
SCRIPTS = ("hans", "hant")
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def care_level(request):
    """The 关怀版 level from the cookie; anything unexpected reads as normal."""
    value = request.COOKIES.get(CARE_COOKIE, "")
    return int(value) if value in ("1", "2") else 0


def wants_traditional(request):
    return request.COOKIES.get(SCRIPT_COOKIE) == "hant"
