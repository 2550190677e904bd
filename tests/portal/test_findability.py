"""sitemap.xml, robots.txt, the Atom feed of changes, Open Graph and titles, 最后更新 on items."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catalogue.models import DisclosureItem
from tests.factories import make_column, make_domain, make_item
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    domain = make_domain(name="社会救助", slug="social-assistance")
    return make_item(domain=domain, level1="最低生活保障", content="办理事项、申请条件")


@pytest.fixture
def draft(published):
    return make_item(domain=published.domain, level1="草稿事项", status=DisclosureItem.Status.DRAFT)


def test_sitemap_lists_home_domains_published_items_and_columns(client, published, draft):
    column = make_column(name="低保政策")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = set(re.findall(r"<loc>(.*?)</loc>", response.content.decode()))
    base = "http://testserver"
    assert {
        f"{base}/",
        f"{base}/columns/",
        f"{base}{published.domain.get_absolute_url()}",
        f"{base}{published.get_absolute_url()}",
        f"{base}{column.get_absolute_url()}",
    } <= locations
    assert f"{base}{draft.get_absolute_url()}" not in locations
    assert (
        f"<lastmod>{timezone.localdate(published.updated_at).isoformat()}"
        in response.content.decode()
    )


def test_robots_allows_all_but_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_atom_feed_lists_published_items_newest_change_first(client, published, draft):
    older = make_item(domain=published.domain, level1="临时救助")
    published.level2 = "审核信息"
    published.save()  # now the newest change
    response = client.get("/feeds/changes.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert 'xmlns="http://www.w3.org/2005/Atom"' in body
    assert f"{Unit.objects.home().name}政务公开" in body
    titles = re.findall(r"<entry><title>(.*?)</title>", body)
    assert titles == [f"社会救助：{published.name}", f"社会救助：{older.name}"]
    assert "草稿事项" not in body
    assert f"http://testserver{published.get_absolute_url()}" in body
    assert "<updated>" in body


def test_feed_follows_a_save(client, published):
    assert "最低生活保障" in client.get("/feeds/changes.atom").content.decode()
    published.status = DisclosureItem.Status.DRAFT
    published.save()
    assert "最低生活保障" not in client.get("/feeds/changes.atom").content.decode()


def test_pages_name_the_bureau_and_link_the_feed(client, published):
    bureau = Unit.objects.home().name
    for url in ["/", published.domain.get_absolute_url(), "/columns/", "/search/"]:
        head = client.get(url).content.decode().split("</head>")[0]
        assert re.search(rf"<title>[^<]*{bureau}政务公开</title>", head), url
        assert f'<meta property="og:site_name" content="{bureau}政务公开">' in head
        assert '<meta property="og:title" content="' in head
        assert f'<meta property="og:url" content="http://testserver{url}' in head
        assert 'type="application/atom+xml"' in head and 'href="/feeds/changes.atom"' in head


def test_item_page_has_open_graph_article_and_last_updated_date(client, published):
    DisclosureItem.objects.filter(pk=published.pk).update(
        updated_at=datetime(2026, 3, 5, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    page = client.get(published.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in page
    assert (
        f'<meta property="og:title" content="社会救助：最低生活保障 / {published.level2} - '
        f'{Unit.objects.home().name}政务公开">'
    ) in page
    assert '<meta property="og:description" content="办理事项、申请条件">' in page
    # 23:30 UTC is the next morning in the bureau's time zone.
    assert re.search(
        r"最后更新：<time datetime=\"2026-03-06T07:30:00\+08:00\">2026年3月6日</time>", page
    )


def test_sitemap_lists_published_publications_only(client):
    from publications.models import Publication
    from tests.factories import make_publication

    column = make_column(name="城乡低保")
    shown = make_publication(column, title="2026年10月城乡低保对象名单公示")
    hidden = make_publication(column, title="尚未发布的草稿", status=Publication.Status.DRAFT)
    locations = set(re.findall(r"<loc>(.*?)</loc>", client.get("/sitemap.xml").content.decode()))
    assert f"http://testserver{shown.get_absolute_url()}" in locations
    assert f"http://testserver{hidden.get_absolute_url()}" not in locations


def test_atom_feed_mixes_new_publications_and_changed_items_by_date(client, published):
    from datetime import date, timedelta

    from publications.models import Publication
    from tests.factories import make_publication

    column = make_column(name="城乡低保")
    today = timezone.localdate()
    new = make_publication(column, title="关于调整城乡低保标准的通知", published_on=today)
    old = make_publication(column, title="2019年低保资金使用情况", published_on=date(2019, 3, 1))
    make_publication(column, title="草稿不进订阅", status=Publication.Status.DRAFT)
    # The item changed yesterday: between the new publication (today) and the old one.
    DisclosureItem.objects.filter(pk=published.pk).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    body = client.get("/feeds/changes.atom").content.decode()
    titles = re.findall(r"<entry><title>(.*?)</title>", body)
    assert titles == [
        f"城乡低保：{new.title}",
        f"社会救助：{published.name}",
        f"城乡低保：{old.title}",
    ]
    assert f"http://testserver{new.get_absolute_url()}" in body
    assert new.index_number in body
    assert "<updated>2019-03-01T00:00:00+08:00</updated>" in body


HOSTILE = (
    '<a href="javascript:alert(1)">点此领取补贴</a>',
    "<svg onload=alert(document.cookie)>",
)


def test_the_feed_carries_item_content_and_document_numbers_as_text_not_html(client):
    """Plain text typed by staff reaches feed readers as text: no live link, no svg handler."""
    from xml.etree import ElementTree

    from tests.factories import make_publication

    make_item(level1="临时救助", level2="办事指南", content=HOSTILE[0] + HOSTILE[1])
    make_publication(title="公示", document_number=HOSTILE[1])
    feed = ElementTree.fromstring(client.get("/feeds/changes.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"
    summaries = [entry.find(f"{atom}summary") for entry in feed.iter(f"{atom}entry")]
    assert summaries and all(summary.get("type") == "text" for summary in summaries)
    texts = {summary.text for summary in summaries}
    assert HOSTILE[0] + HOSTILE[1] in texts  # the characters as typed, to be shown as text
    assert any(text.startswith(HOSTILE[1]) for text in texts)
    for entry in feed.iter(f"{atom}entry"):
        for element in entry.iter():
            assert element.get("type") != "html"
