"""关怀版 and 繁/简 switches: plain links that set a cookie and come back to the page."""

import re

import pytest

from display import CARE_COOKIE, SCRIPT_COOKIE
from tests.factories import make_domain, make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("level", "value"), [("on", "1"), ("large", "2")])
def test_care_switch_sets_a_year_long_cookie_and_goes_back(client, level, value):
    response = client.get(f"/display/care/{level}", {"next": "/search/?q=低保"})
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=%E4%BD%8E%E4%BF%9D"
    cookie = response.cookies[CARE_COOKIE]
    assert cookie.value == value
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]


def test_care_off_deletes_the_cookie(client):
    client.cookies[CARE_COOKIE] = "1"
    response = client.get("/display/care/off", {"next": "/columns/"})
    assert response["Location"] == "/columns/"
    assert response.cookies[CARE_COOKIE].value == ""
    assert response.cookies[CARE_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "target", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)", ""]
)
def test_a_next_off_this_site_goes_home(client, target):
    response = client.get("/display/script/hant", {"next": target})
    assert response["Location"] == "/"
    assert response.cookies[SCRIPT_COOKIE].value == "hant"


def test_unknown_choices_are_not_found(client):
    assert client.get("/display/care/huge").status_code == 404
    assert client.get("/display/script/latin").status_code == 404


def test_header_links_carry_the_current_page_and_body_class_follows_the_cookie(client):
    make_domain()
    page = client.get("/search/", {"q": "低保"}).content.decode()
    assert 'href="/display/care/on?next=%2Fsearch%2F%3Fq%3D%25E4%25BD%258E%25E4%25BF%259D"' in page
    assert "care.css" not in page
    assert '<body class="">' in page

    client.cookies[CARE_COOKIE] = "2"
    page = client.get("/").content.decode()
    assert re.search(r'<body class="[^"]*\bcare care-2">', page)
    assert "css/care.css" in page
    assert ">退出关怀版<" in page and ">标准大字<" in page


def test_a_forged_care_cookie_reads_as_normal(client):
    client.cookies[CARE_COOKIE] = '"><script>'
    page = client.get("/").content.decode()
    assert '<body class="">' in page


def test_reading_the_switches_costs_no_query(client, django_assert_num_queries):
    from django.test import RequestFactory

    from display.context_processors import display

    request = RequestFactory().get("/", HTTP_COOKIE=f"{CARE_COOKIE}=1; {SCRIPT_COOKIE}=hant")
    with django_assert_num_queries(0):
        context = display(request)["display"]
    assert (context["care"], context["hant"], context["body_class"]) == (
        1,
        True,
        "care care-1 script-hant",
    )


def test_accessibility_statement_names_the_contact_and_is_linked_from_every_page(client, settings):
    settings.PORTAL_CONTACT_PHONE = "0371-12345678"
    settings.PORTAL_CONTACT_EMAIL = "wza@mzj.example.gov.cn"
    page = client.get("/accessibility/").content.decode()
    assert "<h1>无障碍声明</h1>" in page
    assert 'href="tel:0371-12345678"' in page
    assert 'href="mailto:wza@mzj.example.gov.cn"' in page
    assert 'href="/accessibility/">无障碍声明</a>' in client.get("/").content.decode()


def test_item_page_has_the_switches(client):
    item = make_item(level1="最低生活保障", level2="审批结果")
    page = client.get(item.get_absolute_url()).content.decode()
    assert ">关怀版<" in page and ">繁體<" in page
