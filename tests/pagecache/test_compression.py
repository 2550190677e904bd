"""
Compressed pages over real HTTP: the page cache gzips a page once when it stores it and serves
those bytes to clients that accept gzip, the plain page to the others; WhiteNoise still serves
its own compressed static files. Against a production portal (DEBUG off, collectstatic,
WhiteNoise) under gunicorn, asked with http.client.
"""

import gzip
import http.client
import re
from urllib.parse import urlsplit

import pytest

from bench.common import gunicorn, manage, production_env
from pagecache.middleware import accepts_gzip


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("portal")
    env = production_env(workdir, f"sqlite:///{workdir / 'db.sqlite3'}")
    env["DJANGO_CACHE_DIR"] = str(workdir / "cache")
    env["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    with gunicorn(env, workers=1) as base:
        yield urlsplit(base).netloc


def get(netloc, path, method="GET", **headers):
    connection = http.client.HTTPConnection(netloc, timeout=30)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def vary(headers):
    return {v.strip().lower() for v in headers.get("Vary", "").split(",")}


def test_a_cached_page_is_served_gzipped_to_clients_that_accept_it(portal):
    get(portal, "/")  # rendered and stored
    status, plain_headers, plain = get(portal, "/")
    assert status == 200 and b"<html" in plain
    assert "Content-Encoding" not in plain_headers
    assert int(plain_headers["Content-Length"]) == len(plain)

    status, headers, packed = get(portal, "/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert int(headers["Content-Length"]) == len(packed) < len(plain) / 2
    assert gzip.decompress(packed) == plain
    assert {"accept-encoding", "cookie"} <= vary(headers) and vary(headers) == vary(plain_headers)
    assert headers["ETag"] != plain_headers["ETag"]

    # Each ETag revalidates its own variant; HEAD says the length of the body GET would send.
    status, _, body = get(
        portal, "/", **{"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]}
    )
    assert (status, body) == (304, b"")
    status, head, body = get(portal, "/", "HEAD", **{"Accept-Encoding": "gzip"})
    assert (status, body, head["Content-Length"]) == (200, b"", str(len(packed)))

    status, headers, body = get(portal, "/", **{"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in headers and body == plain


def test_whitenoise_still_serves_its_compressed_static_files(portal):
    _, _, page = get(portal, "/")
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', page).group(1).decode()
    status, headers, packed = get(portal, stylesheet, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(headers)
    _, plain_headers, plain = get(portal, stylesheet)
    assert "Content-Encoding" not in plain_headers
    assert gzip.decompress(packed) == plain


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("", False),
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),
        ("br", False),
        ("gzip;q=0", False),
        ("br, gzip ; q=0.0", False),
        ("gzip;q=0.5, br", True),
        ("identity;q=0, gzip", True),
    ],
)
def test_accept_encoding_is_read_as_the_rfc_says(rf, header, accepted):
    assert accepts_gzip(rf.get("/", headers={"accept-encoding": header})) is accepted
