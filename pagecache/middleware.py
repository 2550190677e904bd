"""
Whole-page cache of the public pages, shared by every worker and app server.

Anonymous GETs of public pages are stored in Django's default cache (Redis when REDIS_URL is
set, files otherwise) under a key made of the absolute URL (query string included: each page of
a paged list is its own entry), the reader's two display choices (the `care` and `script`
cookies, as display.modes reads them), the day and the content version. Any
change to a page-cached model (declared by its app, contributions) bumps the version in the database, in the change's own
transaction (pagecache.models, pagecache.receivers), and every public request reads it first, so
no process serves a page older than the last committed change, whatever the shared cache did
at the time; a version that cannot be read means no cached page. Staff (anyone with a session
cookie) and the admin are never cached: they see drafts.

Cached pages carry an ETag (hash of the body) and a Last-Modified (the second of the last
change), and conditional GETs are answered with 304 (get_conditional_response).
`Cache-Control: public, max-age=0, must-revalidate` keeps browsers and proxies from ever showing
a page older than the last save.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date, quote_etag

from display.modes import care_level, wants_traditional
from pagecache.models import ContentVersion

logger = logging.getLogger(__name__)

# The stored entry's layout is part of the key: a deploy that changes it never reads old entries.
KEY_PREFIX = "page-cache:page2"
# Pages are dropped by the version long before this; the timeout only bounds what is kept.
PAGE_TIMEOUT = 24 * 60 * 60
CACHE_CONTROL = "public, max-age=0, must-revalidate"

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
    "vary",
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


def current_version():
    """Read the content version from the database: one small query on every public request."""
    version = ContentVersion.objects.current()
    if version is None:
        raise LookupError("the content version row is missing")
    return version


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


def page_key(request, version, host=None):
    """
    The page's key: the version, the day, the scheme, host and full path, and the choices.

    The day because pages say where things stand today (a ledger's overdue requirements): no
    page is served from an earlier day's cache, even when nothing was saved since.
    """
    day = timezone.localdate().isoformat()
    parts = (day, request.scheme, host or request.get_host(), request.get_full_path())
    parts = (*parts, *choices(request))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{version}:{digest}"


def remove_cookie_vary(response):
    """Drop `Cookie` from Vary: the key already holds the only cookies a public page varies on."""
    if not response.has_header("Vary"):
        return
    kept = [v for v in cc_delim_re.split(response["Vary"]) if v and v.lower() != "cookie"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


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


def make_entry(response, changed, previous):
    """
    What is stored of a page: its body, and every header of its answers ready-made.

    A hit is answered many times for each store, so the work is done here, once.
    """
    dates = modified(changed, previous)
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    headers = {k: v for k, v in response.items() if k.lower() in STORED_HEADERS}
    headers.update(
        {
            "Content-Length": str(len(response.content)),
            "ETag": etag,
            "Last-Modified": http_date(dates["last_modified"]),
            "Cache-Control": CACHE_CONTROL,
        }
    )
    return {
        "content": response.content,
        "headers": headers,
        "etag": etag,
        "last_modified": dates["last_modified"] if dates["by_date"] else None,
    }


def respond(request, entry):
    """The answer for a stored page: 304 if the browser has it, else the page (empty for HEAD)."""
    body = b"" if request.method == "HEAD" else entry["content"]
    return get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=entry["last_modified"],
        response=HttpResponse(body, headers=entry["headers"]),
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
        try:
            version = current_version()
        except Exception:  # no version, no cached page: what is served must be current
            logger.exception("page cache: could not read the content version; serving uncached")
            return self.get_response(request)
        key = page_key(request, version, host)
        try:
            entry = local_get(key)
            if entry is None:
                entry = cache.get(key)
                if entry is not None:
                    local_set(key, entry)
        except Exception:  # an unreachable cache costs speed, never the page
            logger.exception("page cache: could not read")
            return self.get_response(request)
        if entry is not None:
            return respond(request, entry)
        response = self.get_response(request)
        if not response.cookies:
            remove_cookie_vary(response)
        if request.method != "GET" or not cacheable(response):
            return response
        try:
            # The dates a stored page needs, read once per store; a change made while the page
            # was rendered leaves it unstored (the next request renders the newer page).
            state = ContentVersion.objects.state()
            if state is None or state[0] != version:
                return response
            entry = make_entry(response, *state[1:])
            cache.set(key, entry, PAGE_TIMEOUT)
            local_set(key, entry)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)
            return response
        return respond(request, entry)
