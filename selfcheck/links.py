"""
The link checker behind `manage.py check_links` (daily, from cron).

Every link and image in the body of a published publication, and every attachment of one, is
followed: site-internal ones through the application itself (Django's test client, as an
anonymous reader, so nothing leaves the machine and drafts count as missing), external ones over
HTTP with a short timeout, one request at a time and a pause between requests to the same host.
A run checks one unit's publications; the broken ones replace that unit's stored list
(selfcheck.models.BrokenLink) and no other's. A body's link is followed as a reader's browser
follows it; an attachment is fetched at the unit's own address (`/u/<slug>/…`, the first unit's
at the root), where its page offers it.
"""

import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from publications.models import Attachment, Publication
from selfcheck.models import BrokenLink
from units.models import Unit

USER_AGENT = "PortalLinkChecker/1.0 (+government disclosure portal)"
Kind = BrokenLink.Kind


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get("href") if tag == "a" else attrs.get("src") if tag == "img" else None
        if url:
            self.urls.append(url)


def links_in(html):
    parser = _Links()
    parser.feed(str(html))
    return list(dict.fromkeys(parser.urls))


@dataclass(frozen=True)
class Broken:
    publication_id: int
    attachment_id: int | None
    kind: str
    url: str
    problem: str


class Checker:
    """Follows links; remembers each URL's answer for the run and paces requests per host."""

    def __init__(self, timeout=None, delay=None):
        self.timeout = settings.PORTAL_LINK_CHECK_TIMEOUT if timeout is None else timeout
        self.delay = settings.PORTAL_LINK_CHECK_DELAY if delay is None else delay
        # Absolute links to the portal's own host names are internal too.
        hosts = [host.lstrip(".").lower() for host in settings.ALLOWED_HOSTS if host != "*"]
        self.site_hosts = set(hosts)
        self.client = Client(
            HTTP_HOST=hosts[0] if hosts else "localhost", raise_request_exception=False
        )
        self.answers = {}
        self.last_request = {}
        self.checked = 0

    def classify(self, url):
        """(kind, target) of `url`: internal paths, external http(s), or None to skip."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("mailto", "tel") or url.startswith("#"):
            return None, None
        if not parts.scheme and not parts.netloc:
            return Kind.INTERNAL, url if url.startswith("/") else f"/{url}"
        if parts.scheme in ("http", "https"):
            if (parts.hostname or "").lower() in self.site_hosts:
                path = parts.path or "/"
                return Kind.INTERNAL, f"{path}?{parts.query}" if parts.query else path
            return Kind.EXTERNAL, url
        return None, None

    def problem(self, kind, target):
        """Why `target` is broken, or "" when it answers."""
        key = (kind, target)
        if key not in self.answers:
            self.checked += 1
            self.answers[key] = (
                self._internal(target) if kind != Kind.EXTERNAL else self._external(target)
            )
        return self.answers[key]

    def _internal(self, path):
        response = self.client.get(path, follow=True)
        if response.streaming:
            # Read a download to its end, as a reader would: that also closes it the way the
            # test client expects, without ending the database connection.
            for _ in response.streaming_content:
                pass
        status = response.status_code
        return "" if status < 400 else f"站内页面返回 {status}"

    def _external(self, url):
        host = urllib.parse.urlsplit(url).hostname or ""
        wait = self.last_request.get(host, 0) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self._fetch(url, "HEAD")
        except urllib.error.HTTPError as error:
            if error.code in (403, 405, 501):  # servers that refuse HEAD
                try:
                    return self._fetch(url, "GET")
                except urllib.error.HTTPError as again:
                    return f"返回 {again.code}"
                except (urllib.error.URLError, OSError, ValueError) as failure:
                    return _failure(failure)
            return f"返回 {error.code}"
        except (urllib.error.URLError, OSError, ValueError) as failure:
            return _failure(failure)
        finally:
            self.last_request[host] = time.monotonic()

    def _fetch(self, url, method):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if method == "GET":
                response.read(1024)
        return ""


def _failure(failure):
    reason = getattr(failure, "reason", failure)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return "连接超时"
    return f"无法访问（{reason}）"


def find_broken(checker=None, unit=None):
    """Every broken link and attachment of `unit`'s published publications (None: the first unit's)."""
    checker = checker or Checker()
    unit = unit if unit is not None else Unit.objects.home()
    prefix = _public_prefix(unit)
    broken = []
    # Read whole before following any link: each internal request ends as a request does, which
    # may close the database connection under an open cursor.
    publications = list(
        Publication.objects.published().filter(column__unit=unit).order_by("pk").only("pk", "body")
    )
    attachments = list(
        Attachment.objects.filter(
            publication__status=Publication.Status.PUBLISHED, publication__column__unit=unit
        ).order_by("pk")
    )
    for publication in publications:
        for url in links_in(publication.body_html):
            kind, target = checker.classify(url)
            if kind is None:
                continue
            problem = checker.problem(kind, target)
            if problem:
                broken.append(Broken(publication.pk, None, kind, url, problem))
    for attachment in attachments:
        url = attachment.get_absolute_url()
        if prefix and url.startswith("/") and not url.startswith("/u/"):
            url = prefix + url[1:]
        problem = checker.problem(Kind.ATTACHMENT, url)
        if problem:
            problem = problem.replace("站内页面", "附件下载")
            broken.append(
                Broken(attachment.publication_id, attachment.pk, Kind.ATTACHMENT, url, problem)
            )
    return broken


def _public_prefix(unit):
    """The root ("") for the first unit's pages, `/u/<slug>/` for every other unit's."""
    first = Unit.objects.order_by("pk").values_list("pk", flat=True).first()
    return "" if unit.pk == first else unit.path_prefix


def record(broken, unit=None, now=None):
    """
    Replace `unit`'s stored list (None: the first unit's) with `broken`, keeping when each
    still-broken link was first seen. Other units' lists stay as their last runs left them.
    """
    now = now or timezone.now()
    unit = unit if unit is not None else Unit.objects.home()
    with transaction.atomic():
        stored = list(
            BrokenLink.objects.filter(publication__column__unit=unit).select_for_update(
                of=("self",)
            )
        )
        seen = {(row.publication_id, row.attachment_id, row.url): row.first_found for row in stored}
        BrokenLink.objects.filter(pk__in=[row.pk for row in stored]).delete()
        BrokenLink.objects.bulk_create(
            BrokenLink(
                publication_id=item.publication_id,
                attachment_id=item.attachment_id,
                kind=item.kind,
                url=item.url[:2000],
                problem=item.problem[:300],
                first_found=seen.get((item.publication_id, item.attachment_id, item.url), now),
                last_checked=now,
            )
            for item in broken
        )
    return len(broken)
