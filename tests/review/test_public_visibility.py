"""
Nothing unpublished reaches the public: an item and a publication walked through every state,
checked at each one on every public surface (the catalogue page, search, the item's page, the
Atom feed, the sitemap, the public xlsx download; the publication's page, feed and sitemap),
and a published item's pending revision unseen until it is published.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from review import workflow
from review.models import snapshot
from tests.factories import make_column, make_domain, make_item, make_publication

pytestmark = pytest.mark.django_db

MARK = "巡查标记事项"


def public_texts(client, item):
    """What an anonymous reader gets from every public surface that could show `item`."""
    client.logout()
    domain = item.domain
    download = client.get(
        reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "xlsx"})
    )
    assert download.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(download.content), read_only=True)
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    item_page = client.get(item.get_absolute_url())
    return {
        "catalogue": client.get(domain.get_absolute_url()).content.decode(),
        "search": client.get(reverse("catalogue:search"), {"q": MARK}).content.decode(),
        "item": item_page.content.decode() if item_page.status_code == 200 else "",
        "feed": client.get("/feeds/changes.atom").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
        "xlsx": cells,
        "item_status": item_page.status_code,
    }


def assert_hidden(texts, text, url):
    assert texts["item_status"] == 404
    for surface in ("catalogue", "search", "feed", "sitemap"):
        assert url not in texts[surface], surface  # no link to the item
    assert text not in texts["catalogue"]
    assert text not in texts["feed"]
    assert text not in texts["xlsx"]


def assert_shown(texts, text, url):
    assert texts["item_status"] == 200
    for surface in ("catalogue", "search", "feed", "sitemap"):
        assert url in texts[surface], surface
    for surface in ("catalogue", "item", "feed", "xlsx"):
        assert text in texts[surface], surface


def test_an_item_is_public_only_once_published(client, people):
    domain = make_domain(name="社会救助", slug="social-assistance")
    make_item(domain=domain, level1="其他已发布事项")  # the catalogue is not empty
    item = make_item(domain=domain, level1=MARK, level2="办事指南", status="draft")
    url = item.get_absolute_url()

    assert_hidden(public_texts(client, item), MARK, url)
    for step, who in (
        (workflow.submit, people.clerk),
        (workflow.check, people.head),
        (workflow.approve, people.leader),
    ):
        step(who, item)
        assert_hidden(public_texts(client, item), MARK, url)
    workflow.publish(people.head, item)
    assert_shown(public_texts(client, item), MARK, url)

    # Rejected on the way, or withdrawn: gone again.
    workflow.withdraw(people.head, item, "暂停公开")
    assert_hidden(public_texts(client, item), MARK, url)
    workflow.submit(people.clerk, item)
    workflow.reject(people.head, item, "请补充依据")
    assert_hidden(public_texts(client, item), MARK, url)


def test_a_revision_stays_unseen_until_published(client, people):
    domain = make_domain(name="社会救助", slug="social-assistance")
    item = make_item(domain=domain, level1=MARK, level2="办事指南", content="原来的公开内容")
    url = item.get_absolute_url()
    item.content = "修改稿里的新内容"
    workflow.save_revision(people.clerk, item, snapshot(item))
    item.refresh_from_db()

    for step, who in (
        (None, None),
        (workflow.submit, people.clerk),
        (workflow.check, people.head),
        (workflow.approve, people.leader),
    ):
        if step is not None:
            step(who, item)
        texts = public_texts(client, item)
        assert_shown(texts, MARK, url)
        assert "原来的公开内容" in texts["item"]
        assert "修改稿里的新内容" not in " ".join(str(v) for v in texts.values())

    workflow.publish(people.head, item)
    texts = public_texts(client, item)
    assert "修改稿里的新内容" in texts["item"]
    assert "修改稿里的新内容" in texts["xlsx"]
    assert "原来的公开内容" not in texts["item"]


def test_a_publication_is_public_only_once_published(client, people):
    column = make_column(name="政策文件")
    publication = make_publication(column=column, title="巡查标记通知", status="draft")
    url = publication.get_absolute_url()

    def texts():
        client.logout()
        page = client.get(url)
        return (
            page.status_code,
            client.get("/feeds/changes.atom").content.decode(),
            client.get("/sitemap.xml").content.decode(),
            client.get(column.get_absolute_url()).content.decode(),
        )

    for step, who in (
        (None, None),
        (workflow.submit, people.clerk),
        (workflow.check, people.head),
        (workflow.approve, people.leader),
    ):
        if step is not None:
            step(who, publication)
        status, feed, sitemap, column_page = texts()
        assert status == 404
        assert "巡查标记通知" not in feed + column_page
        assert url not in sitemap
    workflow.publish(people.head, publication)
    status, feed, sitemap, column_page = texts()
    assert status == 200
    assert "巡查标记通知" in feed and "巡查标记通知" in column_page
    assert url in sitemap
