from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from display import CARE_COOKIE, SCRIPT_COOKIE
from display.modes import CARE_LEVELS, COOKIE_MAX_AGE, SCRIPTS


def _back(request, cookie, value):
    """Redirect to `next` (same site only, else home) with the choice stored in a cookie."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if value is None:
        response.delete_cookie(cookie, samesite="Lax")
    else:
        response.set_cookie(
            cookie,
            value,
            max_age=COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    add_never_cache_headers(response)
    return response


def care(request, level):
    """关怀版 on (large type), large (特大字) or off: a plain link, so it works without JavaScript."""
    if level not in CARE_LEVELS:
        raise Http404
    value = CARE_LEVELS[level]
    return _back(request, CARE_COOKIE, str(value) if value else None)


def script(request, script):
    """繁/简: Traditional is stored in a cookie; Simplified, the default, deletes it."""
    if script not in SCRIPTS:
        raise Http404
    return _back(request, SCRIPT_COOKIE, "hant" if script == "hant" else None)


# The query parameters each view reads; the page cache removes any other from anonymous requests.
care.query_parameters = script.query_parameters = ("next",)


class AccessibilityView(TemplateView):
    template_name = "accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact_phone=settings.PORTAL_CONTACT_PHONE,
            contact_email=settings.PORTAL_CONTACT_EMAIL,
            **kwargs,
        )
