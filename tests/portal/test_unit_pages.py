"""
Each unit's public pages show only that unit's rows; the platform's pages list and search the
live units; hostile unit addresses answer 404 or a redirect, never an error.
"""

import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import DisclosureItem
from publications.models import Attachment
from tests.factories import make_column, make_domain, make_item, make_office, make_publication
from tests.public_pages import make_unit
from tests.publications import files
from units.models import Unit

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def fill(unit, word):
    """A unit's domain (the same slug in every unit), item, column, publication and attachment."""
    office = make_office(unit=unit, name=f"{word}办公室")
    domain = make_domain(unit=unit, name="社会救助", slug="social-assistance", order=1)
    column = make_column(unit=unit, name=f"{word}通知公告", owner_office=office)
    item = make_item(domain=domain, level2=f"{word}低保办事指南", columns=[column])
    publication = make_publication(column, items=[item], title=f"{word}低保名单公示")
    attachment = Attachment.objects.create(
        publication=publication, title=f"{word}名单", file=ContentFile(files.pdf(), name="a.pdf")
    )
    return {
        "domain": domain,
        "item": item,
        "column": column,
        "publication": publication,
        "attachment": attachment,
    }


@pytest.fixture
def towns():
    county = Unit.objects.home()
    a = make_unit("东山镇民政所", "dongshan", town=True, parent=county)
    b = make_unit("西河乡民政所", "xihe", town=True, parent=county)
    return {"county": county, "a": a, "b": b, "rows_a": fill(a, "东山"), "rows_b": fill(b, "西河")}


def town_pages(rows):
    return {
        "home": "",
        "domain": "catalogue/social-assistance/",
        "item": f"items/{rows['item'].pk}/",
        "search": "search/?q=%E4%BD%8E%E4%BF%9D",  # 低保
        "search documents": "search/?q=%E4%BD%8E%E4%BF%9D&scope=publications",
        "search by domain": "search/?q=&domain=social-assistance",
        "column tree": "columns/",
        "column": f"columns/{rows['column'].pk}/",
        "publication": f"publications/{rows['publication'].pk}/",
        "feed": "feeds/changes.atom",
        "sitemap": "sitemap.xml",
    }


def test_a_towns_pages_show_its_rows_and_nothing_of_another_town(client, towns):
    for name, page in town_pages(towns["rows_a"]).items():
        response = client.get(f"/u/dongshan/{page}")
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "西河" not in body, name
        assert "/u/xihe/" not in body, name
    assert "东山低保办事指南" in client.get("/u/dongshan/").content.decode()
    search = client.get("/u/dongshan/search/?q=%E4%BD%8E%E4%BF%9D&scope=publications")
    pk = towns["rows_a"]["publication"].pk
    assert f'data-publication-id="{pk}"' in search.content.decode()


def test_another_units_rows_are_404_on_a_towns_pages(client, towns):
    b = towns["rows_b"]
    for page in (
        f"items/{b['item'].pk}/",
        f"columns/{b['column'].pk}/",
        f"publications/{b['publication'].pk}/",
        f"publications/attachments/{b['attachment'].pk}/",
    ):
        assert client.get(f"/u/dongshan/{page}").status_code == 404, page
        assert client.get(f"/u/xihe/{page}").status_code == 200, page
        assert client.get(f"/{page}").status_code == 404, page  # nor the county's at the root
    a_item = towns["rows_a"]["item"]
    a_item.domain.slug = "dongshan-only"
    a_item.domain.save()
    assert client.get("/u/xihe/catalogue/dongshan-only/").status_code == 404
    assert client.get("/u/xihe/catalogue/dongshan-only/download.csv").status_code == 404


def test_the_catalogue_download_is_the_units_own_when_slugs_repeat(client, towns):
    a = client.get("/u/dongshan/catalogue/social-assistance/download.csv")
    b = client.get("/u/xihe/catalogue/social-assistance/download.csv")
    text_a = a.content.decode("utf-8-sig")
    text_b = b.content.decode("utf-8-sig")
    assert "东山低保办事指南" in text_a and "西河" not in text_a
    assert "西河低保办事指南" in text_b and "东山" not in text_b


def test_the_search_filter_offers_only_the_units_domains(client, towns):
    make_domain(unit=towns["b"], name="养老服务", slug="elderly-care")
    body = client.get("/u/dongshan/search/?q=").content.decode()
    assert 'value="social-assistance"' in body
    assert 'value="elderly-care"' not in body
    response = client.get("/u/dongshan/search/?domain=elderly-care")
    assert response.status_code == 200
    assert "没有这个领域" in response.content.decode()


def test_the_home_unit_is_at_the_root_and_at_its_slug(client, towns):
    county = towns["county"]
    make_item(
        domain=make_domain(unit=county, name="养老服务", slug="elderly-care"), level2="县级高龄津贴"
    )
    root = client.get("/").content.decode()
    own = client.get(f"/u/{county.slug}/").content.decode()
    for body in (root, own):
        assert "县级高龄津贴" in body
        assert "东山" not in body and "西河" not in body
        assert county.name in body


def test_header_names_the_unit_and_a_town_names_its_county(client, towns):
    body = client.get("/u/dongshan/").content.decode()
    assert '<span class="site-name-bureau">东山镇民政所</span>' in body
    county = towns["county"]
    assert f'上级单位：<a href="/u/{county.slug}/">{county.name}</a>' in body
    assert "上级单位" not in client.get("/").content.decode()


def test_links_on_a_towns_pages_stay_on_its_pages(client, towns):
    rows = towns["rows_a"]
    body = client.get(f"/u/dongshan/items/{rows['item'].pk}/").content.decode()
    assert f'href="/u/dongshan/publications/{rows["publication"].pk}/"' in body
    assert 'href="/u/dongshan/columns/"' in body
    assert 'href="/units/"' in body  # the footer's 单位导航


def test_feed_and_sitemap_are_per_unit_and_the_root_sitemap_lists_every_live_unit(client, towns):
    feed = client.get("/u/dongshan/feeds/changes.atom").content.decode()
    assert "东山低保名单公示" in feed and "西河" not in feed
    ET.fromstring(feed)
    own = ET.fromstring(client.get("/u/dongshan/sitemap.xml").content)
    own_urls = [loc.text for loc in own.findall("s:url/s:loc", SITEMAP_NS)]
    assert own_urls and all("/u/dongshan/" in url for url in own_urls)
    pub_a, pub_b = towns["rows_a"]["publication"], towns["rows_b"]["publication"]
    assert f"http://testserver/u/dongshan/publications/{pub_a.pk}/" in own_urls
    towns["b"].is_live = False
    towns["b"].save()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    root_urls = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    assert "http://testserver/" in root_urls  # the first unit at the root
    assert "http://testserver/u/dongshan/" in root_urls
    assert f"http://testserver/u/dongshan/publications/{pub_a.pk}/" in root_urls
    assert not any("/u/xihe/" in url for url in root_urls)  # not live
    assert not any(url.endswith(f"/publications/{pub_b.pk}/") for url in root_urls)
    assert not any(f"/u/{towns['county'].slug}/" in url for url in root_urls)


@pytest.mark.parametrize(
    "path",
    [
        "/u/no-such-unit/",
        "/u/no-such-unit/items/1/",
        "/u/no-such-unit/accessibility/",
        "/u/no-such-unit/feeds/changes.atom",
        "/u/" + "x" * 300 + "/",
        "/u/%E4%B8%9C%E5%B1%B1/",  # 东山, not a slug
        "/u/../",
        "/u/%2E%2E/",
        "/u/a%00b/",
    ],
)
def test_an_unknown_or_odd_unit_address_is_a_404_page_that_renders(client, path):
    response = client.get(path)
    assert response.status_code in (404, 400), path
    if response.status_code == 404:
        body = response.content.decode()
        assert "页面不存在" in body
        assert 'href="/u/no-such-unit/' not in body  # its links lead to the platform


def test_unit_addresses_without_their_slash_redirect(client, towns):
    response = client.get("/u/dongshan?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/u/dongshan/?x=1"
    response = client.get("/u/u")
    assert response["Location"] == "/u/u/"
    assert client.get("/u/dongshan/columns").status_code == 301
    assert client.get("/u/").url == "/units/"
    assert client.get("/u/dongshan/units/").url == "/units/"


def test_the_unit_tree_lists_live_units_under_their_parents_with_latest_update(client, towns):
    hidden = make_unit("未上线镇", "hidden", town=True, parent=towns["county"], is_live=False)
    assert hidden.pk
    response = client.get("/units/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "单位导航" in body
    assert "未上线镇" not in body
    county = towns["county"]
    nested = body.index(county.name) < body.index("东山镇民政所") < body.index("西河乡民政所")
    assert nested
    assert 'href="/u/dongshan/"' in body and 'href="/"' in body
    latest = towns["rows_a"]["publication"].published_on
    assert f'最近更新：<time datetime="{latest.isoformat()}">' in body
    assert "公开事项 1 项 · 政府信息 1 条" in body
    assert 'href="/units/"' in client.get("/").content.decode()


def test_platform_search_finds_every_units_rows_or_one_units(client, towns):
    body = client.get("/units/search/?q=%E4%BD%8E%E4%BF%9D").content.decode()
    assert "东山低保名单公示" in body and "西河低保名单公示" in body
    pub_a = towns["rows_a"]["publication"]
    assert f'href="/u/dongshan/publications/{pub_a.pk}/"' in body
    narrowed = client.get("/units/search/?q=%E4%BD%8E%E4%BF%9D&unit=xihe").content.decode()
    assert "西河低保名单公示" in narrowed and "东山低保名单公示" not in narrowed
    assert 'href="/u/xihe/search/?q=' in narrowed
    bad = client.get("/units/search/?q=%E4%BD%8E%E4%BF%9D&unit=nowhere")
    assert bad.status_code == 200
    assert "没有这个单位" in bad.content.decode()


def make_units(count, parent):
    for _ in range(count):
        make_unit(town=True, parent=parent)


@pytest.fixture
def uncached(settings):
    """Run the views every time: the counts are the pages' own, not a cache hit's."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "pagecache" not in m]


def counts(client, urls):
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(queries)
    return result


def test_public_pages_make_as_many_queries_with_200_units_as_with_a_few(
    client, towns, uncached, django_assert_max_num_queries
):
    urls = [f"/u/dongshan/{page}" for page in town_pages(towns["rows_a"]).values()]
    urls += ["/", "/sitemap.xml", "/units/", "/units/search/?q=%E4%BD%8E%E4%BF%9D"]
    few = counts(client, urls)
    make_units(200, towns["county"])
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            assert client.get(url).status_code == 200


def test_the_unit_tree_makes_a_fixed_number_of_queries(
    client, uncached, django_assert_max_num_queries
):
    client.get("/units/")  # the calendar and the content version read once
    with CaptureQueriesContext(connection) as one:
        client.get("/units/")
    make_units(200, Unit.objects.home())
    with django_assert_max_num_queries(len(one)):
        body = client.get("/units/").content.decode()
    assert body.count('class="unit-node"') == 201


def test_published_item_counts_ignore_drafts(client, towns):
    make_item(domain=towns["rows_a"]["domain"], level2="草稿", status=DisclosureItem.Status.DRAFT)
    assert "公开事项 1 项" in client.get("/units/").content.decode()


def test_static_files_keep_their_address_whichever_page_is_served_first(client, settings, towns):
    client.get("/")  # the middleware is loaded (WhiteNoise reads STATIC_URL when it starts)
    # Changed settings are read anew (Django keeps STATIC_URL with the script prefix of its
    # first reading): now the first reading may be in a unit's request.
    settings.STATIC_URL = "static/"
    body = client.get("/u/dongshan/").content.decode()
    assert 'href="/static/css/portal.css"' in body
    assert 'href="/static/css/portal.css"' in client.get("/").content.decode()


def test_the_header_of_any_units_page_lists_only_its_domains(client, towns):
    make_domain(unit=towns["b"], name="西河专项", slug="xihe-only")
    for page in ("", "columns/", "annual-reports/", "accessibility/"):
        body = client.get(f"/u/dongshan/{page}").content.decode()
        assert 'href="/u/dongshan/catalogue/social-assistance/"' in body or page in (
            "accessibility/",
        ), page
        assert "xihe-only" not in body, page
    tree = client.get("/units/").content.decode()
    assert '<option value="dongshan">东山镇民政所</option>' in tree


def test_the_platform_pages_are_cached_until_any_unit_changes(client, towns):
    """The tree, the search across units and the root sitemap show every unit: a save in a town
    must reach them at once, though they are served from the page cache in between."""
    pages = ["/units/", "/units/search/?q=%E4%BD%8E%E4%BF%9D", "/sitemap.xml"]
    for page in pages:
        client.get(page)
    with CaptureQueriesContext(connection) as hits:
        for page in pages:
            assert client.get(page).status_code == 200
    assert len(hits) == len(pages)  # one read each: served from the cache
    make_publication(towns["rows_b"]["column"], title="西河新发布的临时救助公示")
    assert "西河新发布的临时救助公示" in client.get("/units/search/?q=%E4%B8%B4%E6%97%B6").text
    fresh = make_publication(towns["rows_a"]["column"], title="东山又一份公示")
    assert fresh.get_absolute_url().split("/publications/")[1] in client.get("/sitemap.xml").text
