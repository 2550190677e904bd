"""
Whole-page cache of the public pages, shared by every worker and app server.

Anonymous GETs of public pages are stored in Django's default cache (Redis when REDIS_URL is
set, files otherwise) under a key made of the unit the request is for (units.middleware), its
content version, the absolute URL (query string included: each page of a paged list is its own
entry), the reader's two display choices (the `care` and `script` cookies, as display.modes reads
them) and the day. Any change to a page-cached model (declared by its app, contributions) bumps
its unit's version and the platform's in the database, in the change's own transaction
(pagecache.models, pagecache.receivers), and every public request reads its unit's version first
(one query that also finds the unit by its slug), so no process serves a page older than the last
committed change, whatever the shared cache did at the time, and a save in one unit leaves the
other units' pages cached; a version that cannot be read means no cached page. Staff (anyone with
a session cookie) and the admin are never cached: they see drafts.

Platform pages (a view with `page_cache_platform = True`: the tree of units) show every unit, so
their stored entry also holds the platform version it was built under, which the same query
reads; a change in any unit makes them a miss.

Query strings: a public view declares the parameters it reads (`query_parameters`, a class
attribute or an attribute of the view function); every other parameter is removed from an
anonymous request before the key is made and the view runs, so `?x=1` is served the cached page
and can neither change it nor make the portal render it again. Views that declare nothing read
no parameter. A request without a query string skips this (no URL resolving on the common hit).

Compression: a text page is gzipped once, when it is stored; a hit picks the stored gzip body
when the request's Accept-Encoding names gzip, the plain one otherwise (one substring check).
Pages that are not stored (staff's, forms with a CSRF token) are never compressed.

Cached pages carry an ETag (hash of the body; the gzip body's ends in "-gz") and a Last-Modified
(the second of the last change), and conditional GETs are answered with 304
(get_conditional_response). `Cache-Control: public, max-age=0, must-revalidate` keeps browsers
and proxies from ever showing a page older than the last save, and `Vary: Accept-Encoding,
Cookie` from handing one reader's variant to another: the 关怀版 and script cookies change the
page, so a shared cache keeps one copy per Cookie header (readers without cookies share one).
"""

import gzip
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import http_date, quote_etag

from display.modes import care_level, wants_traditional
from pagecache.models import ContentVersion
from units.middleware import UNKNOWN_UNIT
from units.models import Unit

logger = logging.getLogger(__name__)

# The stored entry's layout is part of the key: a deploy that changes it never reads old entries.
KEY_PREFIX = "page-cache:page4"
# Pages are dropped by the version long before this; the timeout only bounds what is kept.
PAGE_TIMEOUT = 24 * 60 * 60
CACHE_CONTROL = "public, max-age=0, must-revalidate"
# What every stored page varies on: its encoding, and the display cookies (in the key here).
VARY = ("Accept-Encoding", "Cookie")
# Bodies smaller than this gain nothing from gzip; types that are not text are compressed already.
GZIP_MIN_BYTES = 200
GZIP_TYPES = ("text/", "application/xml", "application/atom+xml", "application/json")
# A coding refused with q=0 ("gzip;q=0"), read only when the header has parameters at all.
_GZIP_REFUSED = re.compile(r"(?:^|,)\s*gzip\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$)", re.I)
# The attribute of a view (function or class) naming the query parameters it reads.
QUERY_ATTRIBUTE = "query_parameters"
# The attribute of a view (function or class) whose pages show every unit (the platform's).
PLATFORM_ATTRIBUTE = "page_cache_platform"

# Pages this process has recently read or stored, by full key. The key holds the version, which
# is read from the database on every request, so a save elsewhere still changes the key at
# once: this only spares reading and unpacking the same page again.
LOCAL_PAGES = 200
_local = OrderedDict()
_local_lock = threading.Lock()

# Headers a stored page keeps; the rest (Date, cookies ...) belong to one answer only, and the
# security headers set outside the cache (SecurityMiddleware, CSP) are added to every answer.
STORED_HEADERS = {
    "content-type",
    "content-language",
    "content-disposition",
    "x-frame-options",
}


def choices(request):
    """What a cached page may vary on: the display choices as the pages read them."""
    return (str(care_level(request)), "hant" if wants_traditional(request) else "")


def is_public_request(request):
    """An anonymous request for a public page: no session, no pending messages, not the admin."""
    if request.path.startswith("/admin/"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return CookieStorage.cookie_name not in request.COOKIES


def current_version(request=None):
    """
    Read (unit id, its version, the platform version) of the request's unit: ONE query on
    every public request. None for an unknown unit (the view answers 404) or a unit whose
    version row is missing yet (its first change makes it).
    """
    found = ContentVersion.objects.for_request(getattr(request, "unit_slug", "") or "")
    return None if found is None or found[1] is None else found


def unit_by_pk(pk):
    try:
        return Unit.objects.get(pk=pk)
    except Unit.DoesNotExist:  # deleted since the version was read
        raise Http404(UNKNOWN_UNIT) from None


def remember_unit(request, unit_id):
    """Let a miss load the unit the version query found by its id, not by its slug again."""
    request.unit_id = unit_id
    request.unit = SimpleLazyObject(lambda: unit_by_pk(unit_id))


def local_get(key):
    with _local_lock:
        entry = _local.get(key)
        if entry is not None:
            _local.move_to_end(key)
        return entry


def local_clear():
    with _local_lock:
        _local.clear()


def local_set(key, entry):
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def view_of(request):
    try:
        return resolve(request.path_info).func
    except Resolver404:
        return None


def is_platform_page(request):
    """Whether the request's view shows every unit (PLATFORM_ATTRIBUTE): read when storing."""
    view = view_of(request)
    if getattr(view, PLATFORM_ATTRIBUTE, False):
        return True
    return bool(getattr(getattr(view, "view_class", None), PLATFORM_ATTRIBUTE, False))


def declared_parameters(view):
    """The query parameters `view` reads (QUERY_ATTRIBUTE), or None if it declares none."""
    names = getattr(view, QUERY_ATTRIBUTE, None)
    if names is None:
        names = getattr(getattr(view, "view_class", None), QUERY_ATTRIBUTE, None)
    return names


def keep_declared_parameters(request):
    """
    Remove the query parameters the view does not read, in the request itself.

    The view then sees only what the key holds, and the page's own links (the display switches
    name the page to come back to) carry only those; the parameters are put in the order the
    view declares them, so `?a=1&b=2` and `?b=2&a=1` are one page.
    """
    names = declared_parameters(view_of(request)) or ()
    query = QueryDict(mutable=True)
    for name in names:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    encoded = query.urlencode()
    if encoded != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = encoded
        request.GET = QueryDict(encoded)


def accepts_gzip(request):
    """Whether the client takes gzip: a substring check, parsed only when q-values are sent."""
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if "gzip" not in accepted:
        return False
    return ";" not in accepted or not _GZIP_REFUSED.search(accepted)


def page_key(request, version, host=None):
    """
    The page's key: the unit and its version (`version` as current_version read it), the day,
    the scheme, host and full path, and the choices.

    The day because pages say where things stand today (a ledger's overdue requirements): no
    page is served from an earlier day's cache, even when nothing was saved since.
    """
    day = timezone.localdate().isoformat()
    parts = (day, request.scheme, host or request.get_host(), request.get_full_path())
    parts = (*parts, *choices(request))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{version[0]}:{version[1]}:{digest}"


def cacheable(response):
    """A full 200 page for everyone; views that validate themselves (an ETag) stay uncached."""
    return (
        response.status_code == 200
        and not response.has_header("ETag")
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def modified(changed, previous):
    """
    Last-Modified of a page: the second of the last change, never later than now.

    Two changes within one second leave a page and its predecessor with the same date, so
    such a page is never answered 304 by date (`by_date`); its ETag still is.
    """
    second = int(changed.timestamp())
    return {
        "last_modified": min(second, int(time.time())),
        "by_date": previous is None or int(previous.timestamp()) != second,
    }


def compressible(response):
    content_type = response.get("Content-Type", "")
    return (
        len(response.content) >= GZIP_MIN_BYTES
        and not response.has_header("Content-Encoding")
        and content_type.startswith(GZIP_TYPES)
    )


def make_entry(response, changed, previous, platform=None):
    """
    What is stored of a page: its body, gzipped too, and every header of its answers ready-made.

    A hit is answered many times for each store, so the work is done here, once: the gzip body
    at the highest level (mtime 0, so the same page gives the same bytes in every process).
    """
    dates = modified(changed, previous)
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    patch_vary_headers(response, VARY)
    headers = {k: v for k, v in response.items() if k.lower() in STORED_HEADERS or k == "Vary"}
    headers.update(
        {
            "Last-Modified": http_date(dates["last_modified"]),
            "Cache-Control": CACHE_CONTROL,
        }
    )
    entry = {
        "plain": variant(response.content, headers, quote_etag(digest)),
        "gzip": None,
        "last_modified": dates["last_modified"] if dates["by_date"] else None,
        # A platform page's platform version: the entry is stale once it moved.
        "platform": platform,
    }
    if compressible(response):
        packed = gzip.compress(response.content, compresslevel=9, mtime=0)
        if len(packed) < len(response.content):
            gzip_headers = {**headers, "Content-Encoding": "gzip"}
            entry["gzip"] = variant(packed, gzip_headers, quote_etag(digest + "-gz"))
    return entry


def variant(content, headers, etag):
    """One stored body with its ready-made headers."""
    return {
        "content": content,
        "headers": {**headers, "Content-Length": str(len(content)), "ETag": etag},
        "etag": etag,
    }


def respond(request, entry):
    """The answer for a stored page: 304 if the browser has it, else the page (empty for HEAD)."""
    chosen = entry["plain"]
    if entry["gzip"] is not None and accepts_gzip(request):
        chosen = entry["gzip"]
    body = b"" if request.method == "HEAD" else chosen["content"]
    return get_conditional_response(
        request,
        etag=chosen["etag"],
        last_modified=entry["last_modified"],
        response=HttpResponse(body, headers=chosen["headers"]),
    )


class PageCacheMiddleware:
    """Serve and store anonymous public pages; placed right after WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not is_public_request(request):
            return self.get_response(request)
        try:
            host = request.get_host()
        except DisallowedHost:  # not ours to cache: Django refuses it with a 400 of its own
            return self.get_response(request)
        if request.META.get("QUERY_STRING"):
            keep_declared_parameters(request)
        try:
            found = current_version(request)
        except Exception:  # no version, no cached page: what is served must be current
            logger.exception("page cache: could not read the content version; serving uncached")
            return self.get_response(request)
        if found is None:
            return self.get_response(request)
        unit_id, version, platform = found
        remember_unit(request, unit_id)
        key = page_key(request, found, host)
        try:
            entry = local_get(key)
            if entry is None:
                entry = cache.get(key)
                if entry is not None:
                    local_set(key, entry)
        except Exception:  # an unreachable cache costs speed, never the page
            logger.exception("page cache: could not read")
            return self.get_response(request)
        if entry is not None and entry["platform"] in (None, platform):
            return respond(request, entry)
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ("Cookie",))  # the display cookies change every page
        if request.method != "GET" or not cacheable(response):
            return response
        try:
            entry = self.entry_for(request, response, unit_id, version, platform)
            if entry is None:
                return response
            cache.set(key, entry, PAGE_TIMEOUT)
            local_set(key, entry)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)
            return response
        return respond(request, entry)

    @staticmethod
    def entry_for(request, response, unit_id, version, platform):
        """
        The entry to store, or None when a change was made while the page was rendered (the
        next request renders the newer page). The dates a stored page needs for Last-Modified
        are read here, once per store: the unit's, or the platform's for a platform page.
        """
        state = ContentVersion.objects.state(unit_id)
        if state is None or state[0] != version:
            return None
        if not is_platform_page(request):
            return make_entry(response, *state[1:])
        state = ContentVersion.objects.state(None)
        if state is None or state[0] != platform:
            return None
        return make_entry(response, *state[1:], platform=platform)
