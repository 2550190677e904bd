"""
Whole-page cache of the public pages, shared by every worker and app server.

Anonymous GETs of public pages are stored in Django's default cache (Redis when REDIS_URL is
set, files otherwise) under a key made of the absolute URL, the reader's two display choices
(the `care` and `script` cookies, as display.modes reads them) and a global content version. Any
change to an item, domain, channel, column, office, publication or attachment bumps the version
(the signals modules of catalogue, columns and publications), so every cached page is dropped at
once, in every process, without listing the pages a change touches. Staff (anyone with a session
cookie) and the admin are never cached: they see drafts.

Cached pages carry an ETag (hash of the body) and a Last-Modified (time of the version), and
the middleware answers conditional GETs with 304. `Cache-Control: public, max-age=0,
must-revalidate` keeps browsers and proxies from ever showing a page older than the last save.
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
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date, quote_etag

from display.modes import care_level, wants_traditional

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
CHANGED_KEY = "page-cache:changed"
KEY_PREFIX = "page-cache:page"
# Pages are dropped by the version long before this; the timeout only bounds what is kept.
PAGE_TIMEOUT = 24 * 60 * 60
CACHE_CONTROL = "public, max-age=0, must-revalidate"

# Pages this process has recently read or stored, by full key. The key holds the version, which
# is read from the shared cache on every request, so a save elsewhere still changes the key at
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
    """The global content version; a missing one (new or evicted cache) starts afresh."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start value, so keys of a version from before an eviction are never reused.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_version():
    """Drop every cached page: increment the version, stamp the change for Last-Modified."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    # The time of this change and of the one before: Last-Modified is the change's second,
    # never later (RFC 9110: not after Date), and a second that saw two changes is ambiguous.
    previous, _ = last_changed()
    cache.set(CHANGED_KEY, (time.time(), previous), timeout=None)


def _bump_registered():
    return any(func is bump_version for _, func, _ in connection.run_on_commit)


def content_changed(**kwargs):
    """
    Signal receiver for any change that public pages show.

    Bumps at once (so later reads in the same transaction or test see the change) and once more
    when the transaction commits: a page rendered by another worker between the first bump and
    the commit still had the old data and must not outlive the commit.
    """
    try:
        bump_version()
    except Exception:  # an unreachable cache must not undo the save; nothing is served from it
        logger.exception("page cache: could not bump the content version")
    if connection.in_atomic_block and not _bump_registered():
        transaction.on_commit(bump_version, robust=True)


def last_changed():
    """(time of the last change, time of the one before), as seconds since the epoch."""
    return cache.get(CHANGED_KEY) or (time.time(), 0.0)


def local_get(key):
    with _local_lock:
        entry = _local.get(key)
        if entry is not None:
            _local.move_to_end(key)
        return entry


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
    return {
        "last_modified": min(int(changed), int(time.time())),
        "by_date": int(changed) != int(previous),
    }


def make_entry(response):
    headers = {k: v for k, v in response.items() if k.lower() in STORED_HEADERS}
    headers["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    headers["Cache-Control"] = CACHE_CONTROL
    return {
        "content": response.content,
        "headers": headers,
        **modified(*last_changed()),
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
            key = page_key(request, current_version())
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
            entry = make_entry(response)
            cache.set(key, entry, PAGE_TIMEOUT)
            local_set(key, entry)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)
            return response
        return respond(request, entry)
