"""The Content Security Policy and the templates it constrains."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from disclosure.catalogue_pages import server_error
from tests.factories import make_item

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response):
    header = response["Content-Security-Policy"]
    directives = [part.strip().split(" ", 1) for part in header.split(";") if part.strip()]
    return {name: value for name, value in directives}


def test_public_pages_get_the_policy_also_from_the_page_cache(client):
    item = make_item()
    for _ in range(2):  # rendered, then served from the page cache
        response = client.get(item.domain.get_absolute_url())
        assert response.status_code == 200
        assert policy(response) == POLICY
    assert policy(client.get("/")) == POLICY


def test_admin_pages_get_the_policy(staff_client):
    assert policy(staff_client.get("/admin/")) == POLICY
    assert policy(staff_client.get("/admin/login/")) == POLICY


def test_the_500_page_uses_the_stylesheet_not_an_inline_style(settings):
    html = server_error(RequestFactory().get("/")).content.decode()
    assert "<style" not in html
    assert 'style="' not in html
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in html
    assert "抱歉，服务器出现错误" in html


INLINE = [
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
]


def test_no_template_carries_inline_script_or_style():
    """CSP blocks them: styles and scripts belong in static files."""
    found = []
    folders = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            found += [
                f"{path.relative_to(ROOT)}: {what}"
                for pattern, what in INLINE
                if pattern.search(text)
            ]
    assert found == []
