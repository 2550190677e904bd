"""
Whole-page cache of the public pages, shared by every worker and app server.

Anonymous GETs of public pages are stored in Django's default cache (Redis when REDIS_URL is
set, files otherwise) under a key made of the absolute URL, the reader's two display choices
(the `care` and `script` cookies, as display.modes reads them) and the content version. Any
change to a model of PAGE_CACHE_MODELS bumps the version in the database, in the change's own
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
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date, quote_etag

from display.modes import care_level, wants_traditional
from pagecache.models import ContentVersion

logger = logging.getLogger(__name__)

KEY_PREFIX = "page-cache:page"
# Pages are dropped by the version long before this; the timeout only bounds what is kept.
PAGE_TIMEOUT = 24 * 60 * 60
CACHE_CONTROL = "public, max-age=0, must-revalidate"

# Pages this process has recently read or stored, by full key. The key holds the version, which
# is read from the database on every request, so a save elsewhere still changes the key at
# once: this only spares reading and unpacking the same page again.
LOCAL_PAGES = 200
_local = OrderedDict()
_local_lock = threading.Lock()

# Headers a stored page keeps; the rest (Date, cookies ...) belong to one answer only.
STORED_HEADERS = {
    "content-type",
    "content-language",
    "content-disposition",
    "etag",
    "cache-control",
    "vary",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
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
    """Read (version, last change, the change before) from the database: one query."""
    row = ContentVersion.objects.read()
    if row is None:
        raise LookupError("the content version row is missing")
    return row


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


def page_key(request, version):
    digest = hashlib.sha256(
        "\n".join((request.build_absolute_uri(), *choices(request))).encode()
    ).hexdigest()
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
    headers = {k: v for k, v in response.items() if k.lower() in STORED_HEADERS}
    headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    headers["Cache-Control"] = CACHE_CONTROL
    return {
        "content": response.content,
        "headers": headers,
        **modified(changed, previous),
    }


def respond(request, entry):
    """The answer for a stored page: 304 if the browser has it, else the page (empty for HEAD)."""
    body = b"" if request.method == "HEAD" else entry["content"]
    response = HttpResponse(body)
    response["Content-Length"] = str(len(entry["content"]))
    for name, value in entry["headers"].items():
        response[name] = value
    response["Last-Modified"] = http_date(entry["last_modified"])
    return get_conditional_response(
        request,
        etag=entry["headers"]["ETag"],
        last_modified=entry["last_modified"] if entry["by_date"] else None,
        response=response,
    )


class PageCacheMiddleware:
    """Serve and store anonymous public pages; placed right after WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not is_public_request(request):
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:  # not ours to cache: Django refuses it with a 400 of its own
            return self.get_response(request)
        try:
            version, changed, previous = current_version()
        except Exception:  # no version, no cached page: what is served must be current
            logger.exception("page cache: could not read the content version; serving uncached")
            return self.get_response(request)
        key = page_key(request, version)
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
            entry = make_entry(response, changed, previous)
            cache.set(key, entry, PAGE_TIMEOUT)
            local_set(key, entry)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)
            return response
        return respond(request, entry)
