"""An item's page lists the latest publications that name it, not whatever its columns hold."""

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


def test_item_page_shows_the_five_latest_publications_that_name_it(client, staff_client):
    dibao = make_column(name="城乡低保")
    notices = make_column(name="通知公告")
    elsewhere = make_column(name="别的栏目")
    item = make_item(columns=[dibao, notices])
    dates = [d(2026, 1, n) for n in (3, 9, 12, 20, 25, 28)]
    made = [
        make_publication(
            dibao if n % 2 else notices, items=[item], title=f"信息{n}", published_on=day
        )
        for n, day in enumerate(dates)
    ]
    make_publication(dibao, items=[item], title="未发布的草稿", status=Publication.Status.DRAFT)
    named = make_publication(
        elsewhere, items=[item], title="别处的信息", published_on=d(2026, 2, 1)
    )
    made[4].validity = Publication.Validity.REPEALED
    made[4].save()

    html = client.get(f"/items/{item.pk}/").content.decode()

    assert latest(html) == [
        (named.pk, "别处的信息", "栏目：别的栏目 发布日期：2026年2月1日"),
        (made[5].pk, "信息5", "栏目：城乡低保 发布日期：2026年1月28日"),
        (made[4].pk, "信息4", "已废止 栏目：通知公告 发布日期：2026年1月25日"),
        (made[3].pk, "信息3", "栏目：城乡低保 发布日期：2026年1月20日"),
        (made[2].pk, "信息2", "栏目：通知公告 发布日期：2026年1月12日"),
    ]
    unnamed = make_publication(dibao, title="栏目里别的信息", published_on=d(2026, 3, 1))
    assert unnamed.pk not in {
        pk for pk, _, _ in latest(client.get(f"/items/{item.pk}/").content.decode())
    }
    assert '<time datetime="2026-01-28">2026年1月28日</time>' in html
    assert "信息0" not in html
    # Named by the item though published in a column the item does not list: it is the item's.
    assert "别处的信息" in html
    assert "未发布的草稿" not in html
    # Drafts stay out for staff too: the section lists what citizens can read.
    assert "未发布的草稿" not in staff_client.get(f"/items/{item.pk}/").content.decode()


def test_a_shared_column_lists_only_the_items_own_documents(client):
    """部门文件 holds every domain's documents: an elderly-care notice is not a 社会救助 one."""
    shared = make_column(name="部门文件")
    assistance = make_item(level1="综合业务", level2="政策法规文件", columns=[shared])
    elderly = make_item(level1="养老服务通用政策", level2="", columns=[shared])
    make_publication(
        shared, items=[elderly], title="养老机构等级评定实施办法", published_on=d(2026, 3, 2)
    )
    own = make_publication(
        shared, items=[assistance], title="城乡低保标准", published_on=d(2026, 3, 1)
    )
    make_publication(shared, title="未标明事项的通知", published_on=d(2026, 3, 3))

    html = client.get(f"/items/{assistance.pk}/").content.decode()
    assert latest(html) == [(own.pk, "城乡低保标准", "栏目：部门文件 发布日期：2026年3月1日")]
    html = client.get(f"/items/{elderly.pk}/").content.decode()
    assert [title for _, title, _ in latest(html)] == ["养老机构等级评定实施办法"]


def test_item_page_says_when_no_document_names_it(client):
    column = make_column()
    with_column = make_item(columns=[column])
    make_publication(column, items=[with_column], title="草稿", status=Publication.Status.DRAFT)
    make_publication(column, title="栏目里别的信息")
    without_column = make_item(columns=[])

    for item in (with_column, without_column):
        html = client.get(f"/items/{item.pk}/").content.decode()
        assert '<h2 id="latest-title">最新信息</h2>' in html
        assert "暂无对应本事项的已发布信息。" in html
        assert latest(html) == []


def test_a_new_publication_reaches_the_cached_item_page_at_once(client):
    column = make_column()
    item = make_item(columns=[column])
    assert "暂无对应本事项的已发布信息。" in client.get(f"/items/{item.pk}/").content.decode()
    make_publication(column, items=[item], title="新发布的名单", published_on=d(2026, 4, 1))
    assert [title for _, title, _ in latest(client.get(f"/items/{item.pk}/").content.decode())] == [
        "新发布的名单"
    ]


def test_naming_an_item_reaches_the_cached_item_page_at_once(client):
    item = make_item(columns=[make_column()])
    publication = make_publication(title="后来标明的信息", published_on=d(2026, 4, 1))
    assert latest(client.get(f"/items/{item.pk}/").content.decode()) == []
    publication.items.add(item)
    assert [title for _, title, _ in latest(client.get(f"/items/{item.pk}/").content.decode())] == [
        "后来标明的信息"
    ]


def test_item_page_queries_do_not_grow_with_publications(client, django_assert_num_queries):
    columns = [make_column() for _ in range(3)]
    item = make_item(columns=columns)
    # the unit, nav, item, channels, columns, standard channels, latest publications,
    # change log (published versions, their links)
    with django_assert_num_queries(11):  # +2: the content version, its dates to store the page
        client.get(f"/items/{item.pk}/")
    made = Publication.objects.bulk_create(
        Publication(
            column=columns[n % 3],
            title=f"批量信息{n}",
            status=Publication.Status.PUBLISHED,
            published_on=d(2025, 1, 1) + datetime.timedelta(days=n),
            index_number=f"TEST-{n:06d}",
        )
        for n in range(300)
    )
    Publication.items.through.objects.bulk_create(
        Publication.items.through(publication=publication, disclosureitem=item)
        for publication in made
    )
    content_changed()  # bulk writes send no save signals
    with django_assert_num_queries(11):  # +2: the content version, its dates to store the page
        response = client.get(f"/items/{item.pk}/")
    assert [title for _, title, _ in latest(response.content.decode())] == [
        f"批量信息{n}" for n in range(299, 294, -1)
    ]
