"""An item's page lists the latest publications of the columns it is published in."""

import datetime
import re

import pytest

from pagecache.receivers import content_changed
from publications.models import Publication
from tests.factories import make_column, make_item, make_publication

pytestmark = pytest.mark.django_db

d = datetime.date


def latest(html):
    """The 最新信息 section's entries as (publication id, title, text of the line)."""
    section = html.split('<h2 id="latest-title">最新信息</h2>', 1)[1].split("</section>", 1)[0]
    entries = re.findall(
        r'<li class="publication-entry">\s*<a class="publication-title" '
        r'href="/publications/(\d+)/">([^<]+)</a>(.*?)</li>',
        section,
        re.S,
    )
    return [
        (int(pk), title, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", rest)).strip())
        for pk, title, rest in entries
    ]


def test_item_page_shows_the_five_latest_publications_of_its_columns(client, staff_client):
    dibao = make_column(name="城乡低保")
    notices = make_column(name="通知公告")
    elsewhere = make_column(name="别的栏目")
    item = make_item(columns=[dibao, notices])
    dates = [d(2026, 1, n) for n in (3, 9, 12, 20, 25, 28)]
    made = [
        make_publication(dibao if n % 2 else notices, title=f"信息{n}", published_on=day)
        for n, day in enumerate(dates)
    ]
    make_publication(dibao, title="未发布的草稿", status=Publication.Status.DRAFT)
    make_publication(elsewhere, title="别处的信息", published_on=d(2026, 2, 1))
    made[4].validity = Publication.Validity.REPEALED
    made[4].save()

    html = client.get(f"/items/{item.pk}/").content.decode()

    assert latest(html) == [
        (made[5].pk, "信息5", "栏目：城乡低保 发布日期：2026-01-28"),
        (made[4].pk, "信息4", "已废止 栏目：通知公告 发布日期：2026-01-25"),
        (made[3].pk, "信息3", "栏目：城乡低保 发布日期：2026-01-20"),
        (made[2].pk, "信息2", "栏目：通知公告 发布日期：2026-01-12"),
        (made[1].pk, "信息1", "栏目：城乡低保 发布日期：2026-01-09"),
    ]
    assert '<time datetime="2026-01-28">2026-01-28</time>' in html
    assert "信息0" not in html
    assert "别处的信息" not in html
    assert "未发布的草稿" not in html
    # Drafts stay out for staff too: the section lists what citizens can read.
    assert "未发布的草稿" not in staff_client.get(f"/items/{item.pk}/").content.decode()


def test_item_page_says_when_its_columns_have_published_nothing(client):
    column = make_column()
    make_publication(column, title="草稿", status=Publication.Status.DRAFT)
    with_column = make_item(columns=[column])
    without_column = make_item(columns=[])

    for item in (with_column, without_column):
        html = client.get(f"/items/{item.pk}/").content.decode()
        assert '<h2 id="latest-title">最新信息</h2>' in html
        assert "暂无已发布的信息。" in html
        assert latest(html) == []


def test_a_new_publication_reaches_the_cached_item_page_at_once(client):
    column = make_column()
    item = make_item(columns=[column])
    assert "暂无已发布的信息。" in client.get(f"/items/{item.pk}/").content.decode()
    make_publication(column, title="新发布的名单", published_on=d(2026, 4, 1))
    assert [title for _, title, _ in latest(client.get(f"/items/{item.pk}/").content.decode())] == [
        "新发布的名单"
    ]


def test_item_page_queries_do_not_grow_with_publications(client, django_assert_num_queries):
    columns = [make_column() for _ in range(3)]
    item = make_item(columns=columns)
    # nav, item, channels, columns, standard channels, latest publications,
    # change log (published versions, their links)
    with django_assert_num_queries(9):  # +1: the content version
        client.get(f"/items/{item.pk}/")
    Publication.objects.bulk_create(
        Publication(
            column=columns[n % 3],
            title=f"批量信息{n}",
            status=Publication.Status.PUBLISHED,
            published_on=d(2025, 1, 1) + datetime.timedelta(days=n),
            index_number=f"TEST-{n:06d}",
        )
        for n in range(300)
    )
    content_changed()  # bulk writes send no save signals
    with django_assert_num_queries(9):  # +1: the content version
        response = client.get(f"/items/{item.pk}/")
    assert [title for _, title, _ in latest(response.content.decode())] == [
        f"批量信息{n}" for n in range(299, 294, -1)
    ]
