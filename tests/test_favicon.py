"""Browsers ask every site for /favicon.ico: the portal answers with its icon, not a 404."""

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_is_a_real_icon_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file with one image
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in page
