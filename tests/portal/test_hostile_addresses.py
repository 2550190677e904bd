"""
No address gives a 500: every URL pattern (public and admin) is opened with a NUL where a word
goes and with ids past 64 bits (and past the last row) where a number goes, by a reader and by a
superuser. A NUL anywhere in a request is refused by one guard (sitewide.nul_guard) with a
Chinese page; ids are refused or not found by every view, on SQLite and PostgreSQL alike.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past 2**64
MISSING = "99999"
NUL = "%00"
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def routes(resolver=None, prefix=""):
    """Every leaf pattern's route, includes joined; regex patterns (the admin's app index) aside."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def addresses(route):
    """The route with every parameter a huge number, a missing id, and a NUL (where text goes)."""
    if not CONVERTER.search(route):
        return ["/" + route, f"/{route}?q={NUL}&status__exact={NUL}&page={HUGE}"]
    numbers = [CONVERTER.sub(value, route) for value in (HUGE, MISSING)]
    words = CONVERTER.sub(lambda m: MISSING if m.group(1) == "int" else NUL, route)
    return ["/" + address for address in [*numbers, words]]


ALL = sorted({address for route in routes() for address in addresses(route)})


def crawl(client):
    client.raise_request_exception = False
    failed = []
    for address in ALL:
        response = client.get(address)
        if response.status_code >= 500:
            failed.append(f"{response.status_code} {address}")
    return failed


def test_the_crawl_reaches_the_public_and_admin_addresses():
    assert "/admin/annualreport/annualreport/99999/draft/" in ALL
    assert f"/messages/track/{NUL}/" in ALL
    assert any(address.startswith("/admin/catalogue/disclosureitem/") for address in ALL)
    assert len(ALL) > 200


def test_no_address_gives_a_500_to_a_reader(client):
    failed = crawl(client)
    assert not failed, "\n".join(failed)


def test_no_address_gives_a_500_to_a_superuser(admin_client):
    failed = crawl(admin_client)
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize(
    "address",
    [f"/yisqgk/register/?q={NUL}", f"/messages/track/{NUL}/", f"/search/?q=a{NUL}b"],
)
def test_a_nul_in_the_address_is_refused_with_a_chinese_page(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "含有无法处理的字符" in response.content.decode()


def test_a_nul_in_a_form_field_or_a_file_name_is_refused(client):
    assert client.post("/messages/", {"subject": "a\x00b"}).status_code == 400
    assert client.post("/yisqgk/status/", {"code\x00": "x"}).status_code == 400
    response = client.post("/messages/", {"subject": "s", "file": SimpleUploadedFile("a.pdf", b"")})
    assert response.status_code == 400 and "含有无法处理的字符" not in response.content.decode()
    with_nul = client.post(
        "/messages/", {"question": "a\x00", "file": SimpleUploadedFile("a", b"")}
    )
    assert "含有无法处理的字符" in with_nul.content.decode()


def test_a_nul_in_a_cookie_is_refused(client):
    client.cookies["sessionid"] = "abc\x00"
    assert client.get("/").status_code == 400
