"""
Query strings: a public view declares the parameters it reads; any other parameter is removed
before the view runs, so it neither changes the page nor defeats the page cache.
"""

import inspect

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from pagecache.middleware import declared_parameters
from tests.factories import make_domain, make_item
from tests.inforequests.test_register import answered

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return make_item(
        domain=make_domain(name="社会救助", slug="social-assistance"), level1="最低生活保障"
    )


def test_an_unknown_parameter_is_answered_from_the_cached_page(
    client, item, django_assert_num_queries
):
    url = item.domain.get_absolute_url()
    page = client.get(url)
    for query in ("?x=1", "?x=2&y=3", "?utm_source=wechat", "?x"):
        with django_assert_num_queries(1):  # the content version only
            response = client.get(url + query)
        assert response.status_code == 200
        assert response["ETag"] == page["ETag"], query


def test_declared_parameters_still_make_pages_of_their_own(client, item):
    search = "/search/?q=最低生活保障"
    found = client.get(search)
    assert item.get_absolute_url() in found.content.decode()
    assert client.get(search + "&x=1")["ETag"] == found["ETag"]
    assert client.get("/search/?x=1&q=最低生活保障")["ETag"] == found["ETag"]
    nothing = client.get("/search/?q=没有这个词")
    assert nothing["ETag"] != found["ETag"]
    assert item.get_absolute_url() not in nothing.content.decode()


def test_the_page_s_own_links_carry_only_declared_parameters(client, item):
    """The display switches link back to the page: to the page without the unknown parameter."""
    html = client.get(item.domain.get_absolute_url() + "?x=%3Cb%3E").content.decode()
    assert "x%3D" not in html and "%3Fx" not in html


def test_paged_register_keeps_its_parameters(client):
    answered(30)
    first = client.get("/yisqgk/register/")
    second = client.get("/yisqgk/register/?page=2&x=1")
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert client.get("/yisqgk/register/?page=2")["ETag"] == second["ETag"]


def test_staff_requests_keep_every_parameter(staff_client):
    response = staff_client.get("/display/care/on?next=/columns/&x=1")
    assert response.status_code == 302
    assert response["Location"] == "/columns/"


def test_the_display_switch_still_returns_to_the_page():
    response = Client().get("/display/care/on?next=/columns/")
    assert response["Location"] == "/columns/"


def public_views():
    """Every view of the public URLs, with its route."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern.callback))

    walk(get_resolver().url_patterns)
    return [(route, view) for route, view in found if not route.startswith("admin/")]


def reads_query(view):
    target = getattr(view, "view_class", view)
    if not inspect.isfunction(target) and not inspect.isclass(target):
        target = type(target)  # a callable instance, as the Atom feed
    source = inspect.getsource(target)
    # sitewide.paging reads ?page= for the view.
    paged = "paging.page_of" in source or getattr(target, "paginate_by", None) is not None
    return ".GET" in source or paged


def test_every_public_view_that_reads_the_query_string_declares_its_parameters():
    undeclared = [
        route
        for route, view in public_views()
        if reads_query(view) and declared_parameters(view) is None
    ]
    assert undeclared == []
