"""
One guard against NUL characters in a request, before any view, cache or database sees them.

PostgreSQL cannot store or compare a text holding U+0000 (`A string literal cannot contain NUL
(0x00) characters`), so a %00 in a query string, a path, a cookie or a form field
reached the database as a 500 wherever a view or the admin filtered on it (Django already
drops NUL from uploaded file names; a field name or value keeps it). No honest request
carries one: the whole request is refused here with a 400 and a page in Chinese, not in each view.
"""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

NUL = "\x00"


def _carries_nul(pairs):
    return any(NUL in key or any(NUL in value for value in values) for key, values in pairs)


def in_address(request):
    """Tell whether the path, the query string or a cookie holds a NUL."""
    cookies = ((name, [value]) for name, value in request.COOKIES.items())
    return NUL in request.path or _carries_nul(request.GET.lists()) or _carries_nul(cookies)


def in_body(request):
    """Tell whether a posted field, its name or an uploaded file's name holds a NUL."""
    if request.method != "POST":
        return False
    files = ((name, [f.name or "" for f in group]) for name, group in request.FILES.lists())
    return _carries_nul(request.POST.lists()) or _carries_nul(files)


def refusal():
    return HttpResponseBadRequest(render_to_string("bad_characters.html"))


class NulGuardMiddleware:
    """
    Refuse (400) a request that carries a NUL: the address and cookies before anything reads
    them (the page cache, the session), the body just before the view, as CSRF reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return refusal() if in_address(request) else self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        return refusal() if in_body(request) else None
