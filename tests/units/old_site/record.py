"""
Record the single-bureau site as commit 16a09d7 (the last before units) shows its demo data.

Run from a checkout of that commit on a fresh SQLite database, after `make run`'s loading steps
(migrate, load_standard_data, ensure_demo_admin, load_demo):

    git archive 16a09d7 | tar -x -C /tmp/old && cp tests/units/old_site/record.py /tmp/old/
    cd /tmp/old && python manage.py migrate && python manage.py load_standard_data \
        && DJANGO_DEBUG=1 python manage.py ensure_demo_admin && python manage.py load_demo
    python manage.py dumpdata --natural-foreign --indent 1 -o demo.json \
        -e contenttypes -e auth.permission -e auth.group -e sessions -e admin -e axes \
        -e otp_totp -e pagecache
    python manage.py shell -c "import record; record.main('pages.json')"

and copy demo.json and pages.json next to this file. pages.json holds, for every public URL of
the old site (the pages tests/public_pages.py walked then, and every published item, column,
publication and domain page), its status code, <title>, <h1> and the links of its <main>.
"""

import json
import re
from html import unescape

from django.test import Client, override_settings

URL_PATTERNS = {
    "title": re.compile(r"<title>(.*?)</title>", re.S),
    "h1": re.compile(r"<h1[^>]*>(.*?)</h1>", re.S),
    "main": re.compile(r"<main[^>]*>(.*?)</main>", re.S),
}
HREF = re.compile(r'href="([^"]*)"')
TAG = re.compile(r"<[^>]+>")


def text(html):
    return " ".join(unescape(TAG.sub(" ", html)).split())


def describe(response):
    """What the migration test compares of a page: status, title, h1 and its main's links."""
    html = response.content.decode() if response.status_code != 302 else ""
    found = {key: pattern.search(html) for key, pattern in URL_PATTERNS.items()}
    main = found["main"].group(1) if found["main"] else ""
    return {
        "status": response.status_code,
        "title": text(found["title"].group(1)) if found["title"] else "",
        "h1": text(found["h1"].group(1)) if found["h1"] else "",
        "links": sorted({unescape(href) for href in HREF.findall(main)}),
    }


def old_urls():
    from catalogue.models import DisclosureItem, Domain
    from columns.models import Column
    from publications.models import Publication
    from tests.public_pages import ledger_and_report_pages, public_pages

    urls = {**public_pages(), **ledger_and_report_pages()}
    for domain in Domain.objects.order_by("pk"):
        urls[f"domain {domain.slug}"] = domain.get_absolute_url()
    for item in DisclosureItem.objects.published().order_by("pk"):
        urls[f"item {item.pk}"] = item.get_absolute_url()
    for column in Column.objects.order_by("pk"):
        urls[f"column {column.pk}"] = column.get_absolute_url()
    for publication in Publication.objects.published().order_by("pk"):
        urls[f"publication {publication.pk}"] = publication.get_absolute_url()
    return urls


def main(path):
    client = Client()
    # As the tests see it: no debug pages (the portal's own 404), the test client's host.
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        pages = {
            name: {"url": url, **describe(client.get(url))} for name, url in old_urls().items()
        }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(pages, handle, ensure_ascii=False, indent=1, sort_keys=True)
