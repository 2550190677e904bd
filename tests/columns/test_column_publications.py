"""
The column tree and column page with publications and freshness, as citizens and staff see them.

Citizens see only the date of a column's latest publication: their pages are cached until the
next save, so nothing on them may depend on today. Staff also see the status and due dates.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from columns.models import Column
from offices.models import Office
from pagecache.receivers import content_changed
from publications.models import Publication
from tests.factories import make_column, make_item, make_publication

pytestmark = pytest.mark.django_db

d = datetime.date
DRAFT = Publication.Status.DRAFT
PUBLISHED = Publication.Status.PUBLISHED
MONTHLY = Column.Frequency.MONTHLY


@pytest.fixture
def pin_today(monkeypatch):
    """Make timezone.localdate() (what the views ask for today) return a chosen day."""
    real = timezone.localdate

    def pin(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return pin


def node_row(html, column):
    """The tree row (name and meta, not the children) of one column."""
    match = re.search(
        rf'<div class="column-row">\s*<a class="column-name" href="/columns/{column.pk}/">'
        r"(.*?)</div>",
        html,
        re.S,
    )
    assert match, column
    return re.sub(r"\s+", " ", match.group(1))


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def months_before(day, months):
    """The first day of the month `months` before the month of `day`."""
    index = day.year * 12 + day.month - 1 - months
    return d(index // 12, index % 12 + 1, 1)


@pytest.fixture
def monthly():
    """Four monthly columns, for the statuses OK, due soon, overdue and empty on 2026-05-24."""
    columns = {
        name: make_column(name=name, frequency=MONTHLY)
        for name in ("正常栏目", "将到期栏目", "逾期栏目", "空栏目")
    }
    make_publication(columns["正常栏目"], published_on=d(2026, 5, 10))
    make_publication(columns["将到期栏目"], published_on=d(2026, 4, 30))
    make_publication(columns["将到期栏目"], published_on=d(2026, 4, 2))
    make_publication(columns["逾期栏目"], published_on=d(2026, 3, 31))
    # A draft is not an update: the empty column stays empty.
    make_publication(columns["空栏目"], status=DRAFT)
    return columns


# The column tree


def test_citizens_see_each_columns_latest_date_and_no_status(client, monthly, pin_today):
    pin_today(d(2026, 5, 24))
    html = client.get("/columns/").content.decode()

    assert '最近更新：<time datetime="2026-05-10">2026年5月10日</time>' in node_row(
        html, monthly["正常栏目"]
    )
    assert '最近更新：<time datetime="2026-04-30">2026年4月30日</time>' in node_row(
        html, monthly["将到期栏目"]
    )
    assert "最近更新：2026年3月31日" in text_of(node_row(html, monthly["逾期栏目"]))
    assert "最近更新：暂无信息" in text_of(node_row(html, monthly["空栏目"]))
    for hidden in ("状态：", "即将到期", "已逾期", "下次更新期限", "工作人员可见", "2026-05-24"):
        assert hidden not in html, hidden


def test_staff_see_status_in_words_and_next_due_date(staff_client, monthly, pin_today):
    pin_today(d(2026, 5, 24))
    html = staff_client.get("/columns/").content.decode()

    rows = {name: text_of(node_row(html, column)) for name, column in monthly.items()}
    assert "最近更新：2026年5月10日 状态：正常 下次更新期限：2026年6月30日" in rows["正常栏目"]
    assert (
        "最近更新：2026年4月30日 状态：即将到期 下次更新期限：2026年5月31日" in rows["将到期栏目"]
    )
    assert "最近更新：2026年3月31日 状态：已逾期 下次更新期限：2026年4月30日" in rows["逾期栏目"]
    assert "最近更新：暂无信息 状态：暂无信息 下次更新期限：尚无信息，应尽快发布" in rows["空栏目"]
    # The status is a word in a badge, the colour only repeats it.
    assert '<span class="badge badge-freshness badge-overdue">已逾期</span>' in html
    assert '<span class="badge badge-freshness badge-due_soon">即将到期</span>' in html
    assert '按今天（<time datetime="2026-05-24">2026年5月24日</time>）计算' in html


def test_statuses_follow_the_real_date(staff_client):
    """Without a pinned day: publications dated relative to today give each status."""
    today = timezone.localdate()
    fresh = make_column(name="本月已更新", frequency=MONTHLY)
    make_publication(fresh, published_on=today)
    late = make_column(name="两月前更新", frequency=MONTHLY)
    make_publication(late, published_on=months_before(today, 2))
    empty = make_column(name="从未更新", frequency=MONTHLY)

    html = staff_client.get("/columns/").content.decode()

    assert f"最近更新：{today.year}年{today.month}月{today.day}日 状态：正常" in text_of(
        node_row(html, fresh)
    )
    assert "状态：已逾期" in text_of(node_row(html, late))
    assert "状态：暂无信息" in text_of(node_row(html, empty))


def test_timely_columns_show_their_working_day_deadline_and_a_waiting_due_date(staff_client):
    quiet = make_column(name="及时栏目甲")
    make_item(columns=[quiet], deadline="制定或获取信息之日起10个工作日内")
    make_publication(quiet, published_on=d(2026, 1, 5))
    waiting = make_column(name="及时栏目乙")
    make_publication(waiting, published_on=d(2025, 9, 1))
    # Written Friday 2025-09-26: the 10th working day after it is 2025-10-16 (National Day off,
    # two make-up weekend days worked), the 20th is 2025-10-30.
    make_publication(waiting, status=DRAFT, written_on=d(2025, 9, 26))

    html = staff_client.get("/columns/").content.decode()

    quiet_row = text_of(node_row(html, quiet))
    assert "最近更新：2026年1月5日 状态：正常 公开时限：10个工作日" in quiet_row
    assert "下次更新期限" not in quiet_row
    waiting_row = text_of(node_row(html, waiting))
    assert "状态：已逾期 下次更新期限：2025年10月30日 公开时限：20个工作日" in waiting_row


def test_a_deadline_in_a_year_nobody_entered_is_shown_to_staff_as_estimated(staff_client):
    column = make_column(name="日历外栏目")
    make_publication(column, published_on=d(2026, 1, 5))
    make_publication(column, status=DRAFT, written_on=d(2026, 12, 31))

    staff_html = node_row(staff_client.get("/columns/").content.decode(), column)
    staff_row = text_of(staff_html)
    citizen_row = text_of(node_row(Client().get("/columns/").content.decode(), column))

    reason = "2027年节假日安排尚未录入，按周一至周五为工作日预估"
    assert "下次更新期限：2027年1月28日预估（" + reason + "）" in staff_row
    assert f'title="{reason}"' in staff_html
    assert "无法计算" not in staff_row
    assert "预估" not in citizen_row and "节假日" not in citizen_row
    assert "最近更新：2026年1月5日" in citizen_row


def test_grouping_columns_without_frequency_show_no_freshness(client, staff_client):
    group = make_column(name="分组栏目", frequency="", owner_kind=Column.OwnerKind.ALL_OFFICES)
    html = staff_client.get("/columns/").content.decode()
    assert "最近更新" not in node_row(html, group)


def test_the_citizens_tree_is_the_same_whatever_the_day(client, monthly, pin_today):
    """The page cache keeps an anonymous page until the next save, not until midnight."""
    pin_today(d(2026, 5, 10))
    first = client.get("/columns/").content
    content_changed()  # drop the cached page so that the second answer is rendered again
    pin_today(d(2026, 7, 1))
    second = client.get("/columns/").content
    assert first == second


def test_a_new_publication_shows_on_the_cached_tree_at_once(client):
    column = make_column(name="缓存栏目", frequency=MONTHLY)
    assert "最近更新：暂无信息" in text_of(client.get("/columns/").content.decode())
    make_publication(column, published_on=d(2026, 3, 2))
    assert "最近更新：2026年3月2日" in text_of(client.get("/columns/").content.decode())


def bulk_columns(count, publications, roots=None):
    """
    Add `count` columns (40 roots first if `roots` is None, the rest beneath them) and
    `publications` publications spread over them; return the roots.

    bulk_create skips save(), so published rows get their distinct index numbers here.
    """
    frequencies = [MONTHLY, Column.Frequency.QUARTERLY, Column.Frequency.TIMELY, ""]
    if roots is None:
        office = Office.objects.create(name="批量科室")
        Column.objects.bulk_create(
            Column(name=f"根栏目{n}", number=n + 1, owner_office=office, frequency=MONTHLY)
            for n in range(40)
        )
        roots = list(Column.objects.filter(name__startswith="根栏目"))
        count -= len(roots)
    first = Column.objects.count()
    Column.objects.bulk_create(
        Column(
            name=f"子栏目{first + n}",
            parent=roots[n % len(roots)],
            number=1000 + first + n,
            owner_kind=Column.OwnerKind.ALL_OFFICES,
            frequency=frequencies[n % len(frequencies)],
        )
        for n in range(count)
    )
    nodes = list(Column.objects.all())
    Publication.objects.bulk_create(
        Publication(
            column=nodes[n % len(nodes)],
            title=f"批量信息{n}",
            status=DRAFT if n % 10 == 0 else PUBLISHED,
            published_on=None if n % 10 == 0 else d(2025, 1, 1) + datetime.timedelta(days=n % 500),
            written_on=d(2025, 1, 1) + datetime.timedelta(days=n % 300),
            index_number="" if n % 10 == 0 else f"TEST-{n:06d}",
        )
        for n in range(publications)
    )
    make_item(columns=nodes[:50], deadline="制定或获取信息之日起10个工作日内")
    content_changed()  # bulk writes send no save signals
    return roots


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        # the content version and its dates, nav, tree, latest dates, deadlines, waiting drafts, the
        # working-day calendar
        ("citizen", 9),
        # the same plus session and user
        ("staff", 9),
    ],
)
def test_tree_queries_are_the_same_for_75_and_1000_columns(
    who, queries, staff_user, django_assert_num_queries
):
    browser = Client()
    if who == "staff":
        browser.force_login(staff_user)
    roots = bulk_columns(75, 0)
    with django_assert_num_queries(queries):
        response = browser.get("/columns/")
    assert response.status_code == 200
    assert response.content.decode().count('class="column-node"') == 75

    bulk_columns(925, 10_000, roots)
    with django_assert_num_queries(queries):
        response = browser.get("/columns/")
    html = response.content.decode()
    assert html.count('class="column-node"') == 1000
    assert html.count("最近更新：") == Column.objects.exclude(frequency="").count()
    assert ("状态：" in html) == (who == "staff")


# The column page


def test_column_page_lists_published_publications_newest_first(client):
    column = make_column(name="低保信息", frequency=MONTHLY)
    older = make_publication(column, title="二月名单", published_on=d(2026, 2, 3))
    newer = make_publication(
        column, title="三月名单", published_on=d(2026, 3, 5), document_number="示民发〔2026〕3号"
    )
    repealed = make_publication(
        column,
        title="旧办法",
        published_on=d(2025, 1, 2),
        validity=Publication.Validity.REPEALED,
    )
    replaced = make_publication(
        column,
        title="旧标准",
        published_on=d(2024, 6, 1),
        validity=Publication.Validity.SUPERSEDED,
        superseded_by=newer,
    )
    draft = make_publication(column, title="未发布的通知", status=DRAFT)
    make_publication(make_column(), title="别的栏目的信息", published_on=d(2026, 3, 6))

    html = client.get(f"/columns/{column.pk}/").content.decode()

    assert '<h2 id="publications-title">本栏目信息</h2>' in html
    titles = re.findall(r'class="publication-title" href="/publications/(\d+)/">([^<]+)</a>', html)
    assert titles == [
        (str(newer.pk), "三月名单"),
        (str(older.pk), "二月名单"),
        (str(repealed.pk), "旧办法"),
        (str(replaced.pk), "旧标准"),
    ]
    page = text_of(html)
    assert "三月名单 发布日期：2026年3月5日 文号：示民发〔2026〕3号" in page
    assert "二月名单 发布日期：2026年2月3日" in page
    assert "二月名单 发布日期：2026年2月3日 文号" not in page
    assert "旧办法 已废止 发布日期：2025年1月2日" in page
    assert "旧标准 已被替代 发布日期：2024年6月1日" in page
    assert "三月名单 已" not in page
    assert "未发布的通知" not in html
    assert f"/publications/{draft.pk}/" not in html
    assert "别的栏目的信息" not in html
    assert "草稿" not in html
    # Citizens: the latest date, no status.
    assert "最近更新：2026年3月5日" in page
    assert "状态：" not in page


def test_staff_see_drafts_first_marked_and_the_columns_status(staff_client, pin_today):
    pin_today(d(2026, 5, 24))
    column = make_column(name="低保信息", frequency=MONTHLY)
    make_publication(column, title="四月名单", published_on=d(2026, 4, 30))
    draft = make_publication(column, title="五月名单（待审）", status=DRAFT)

    html = staff_client.get(f"/columns/{column.pk}/").content.decode()

    titles = re.findall(r'class="publication-title" href="/publications/\d+/">([^<]+)</a>', html)
    assert titles == ["五月名单（待审）", "四月名单"]
    assert f'href="/publications/{draft.pk}/">五月名单（待审）</a>' in html
    page = text_of(html)
    assert "五月名单（待审） 草稿 发布日期：（未发布）" in page
    assert "最近更新：2026年4月30日 状态：即将到期 下次更新期限：2026年5月31日" in page


def test_staff_without_the_view_permission_see_status_but_not_drafts(django_user_model, pin_today):
    pin_today(d(2026, 5, 24))
    clerk = django_user_model.objects.create_user("viewer", password="pw-清单-2026", is_staff=True)
    column = make_column(name="低保信息", frequency=MONTHLY)
    make_publication(column, title="三月名单", published_on=d(2026, 3, 31))
    make_publication(column, title="待审名单", status=DRAFT)
    browser = Client()
    browser.force_login(clerk)

    page = text_of(browser.get(f"/columns/{column.pk}/").content.decode())
    assert "状态：已逾期" in page
    assert "待审名单" not in page

    # The view permission shows the drafts of the clerk's own office only (offices.rights).
    clerk.user_permissions.add(Permission.objects.get(codename="view_publication"))
    page = text_of(browser.get(f"/columns/{column.pk}/").content.decode())
    assert "待审名单" not in page
    column.owner_office.members.add(clerk)
    page = text_of(browser.get(f"/columns/{column.pk}/").content.decode())
    assert "待审名单 草稿" in page


def test_column_page_says_when_nothing_is_published_and_keeps_its_items(client):
    column = make_column(name="空栏目", frequency=MONTHLY)
    make_publication(column, title="草稿信息", status=DRAFT)
    item = make_item(level1="临时救助", level2="审批结果", columns=[column])

    html = client.get(f"/columns/{column.pk}/").content.decode()

    assert "本栏目暂无已发布的信息。" in html
    assert "最近更新：暂无信息" in text_of(html)
    assert "在本栏目发布的公开事项" in html
    assert f'href="/items/{item.pk}/">临时救助 / 审批结果</a>' in html
    assert "草稿信息" not in html
    # Headings in order: h1, then the sections' h2.
    assert re.findall(r"<h(\d)", html.split('id="main"', 1)[1]) == ["1", "2", "2"]


@pytest.fixture
def long_column():
    """A column with 45 published publications, one a day: pages of 20, 20 and 5."""
    column = make_column(name="长栏目", frequency=MONTHLY)
    for n in range(45):
        make_publication(
            column,
            title=f"第{n:02d}号通知",
            published_on=d(2026, 1, 1) + datetime.timedelta(days=n),
        )
    return column


def listed(html):
    return re.findall(r'class="publication-title" href="/publications/\d+/">([^<]+)</a>', html)


def test_column_publications_are_paginated_twenty_a_page(client, long_column):
    url = f"/columns/{long_column.pk}/"

    first = client.get(url).content.decode()
    assert listed(first) == [f"第{n:02d}号通知" for n in range(44, 24, -1)]
    assert "共 45 条" in first
    assert '<ol class="publication-list" start="1">' in first
    assert "第 1 页，共 3 页" in first
    assert 'href="?page=2" rel="next">下一页</a>' in first

    third = client.get(url, {"page": 3}).content.decode()
    assert listed(third) == [f"第{n:02d}号通知" for n in range(4, -1, -1)]
    assert '<ol class="publication-list" start="41">' in third
    assert 'href="?page=2" rel="prev">上一页</a>' in third
    assert "<title>长栏目（第 3 页）" in third
    # The rest of the page is still there on every page.
    assert "在本栏目发布的公开事项" in third


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("4", "没有第 4 页：共 3 页。"),
        ("999999999999", "没有第 999999999999 页：共 3 页。"),
        ("0", "页码应当是正整数。"),
        ("-1", "页码应当是正整数。"),
        ("abc", "页码应当是正整数。"),
        ("2.5", "页码应当是正整数。"),
    ],
)
def test_a_bad_page_number_gives_the_page_with_a_message_as_search_does(
    client, long_column, page, message
):
    response = client.get(f"/columns/{long_column.pk}/", {"page": page})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        rf'<div class="alert alert-error" role="alert">\s*<p>{re.escape(message)}</p>', html
    )
    assert '<a href="?">查看本栏目信息第 1 页</a>' in html
    assert listed(html) == []
    assert "<h1>长栏目</h1>" in html


def test_an_empty_page_parameter_is_the_first_page(client, long_column):
    html = client.get(f"/columns/{long_column.pk}/", {"page": ""}).content.decode()
    assert len(listed(html)) == 20
    assert "alert" not in html


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        # the content version and its dates, nav, column, ancestors, children, items, 3 for standings, the
        # working-day calendar, count, page of publications
        ("citizen", 14),
        # the same plus session and user
        ("staff", 14),
    ],
)
def test_column_page_queries_are_the_same_for_5_and_200_publications(
    who, queries, staff_user, django_assert_num_queries
):
    browser = Client()
    if who == "staff":
        browser.force_login(staff_user)
    column = make_column(frequency=MONTHLY)
    make_item(columns=[column])
    make_column(parent=column)

    def add(start, count):
        Publication.objects.bulk_create(
            Publication(
                column=column,
                title=f"信息{n}",
                status=DRAFT if n % 7 == 0 else PUBLISHED,
                published_on=None if n % 7 == 0 else d(2026, 1, 1),
                index_number="" if n % 7 == 0 else f"TEST-{n:06d}",
                document_number=f"示民发〔2026〕{n}号",
            )
            for n in range(start, start + count)
        )
        content_changed()

    add(0, 5)
    with django_assert_num_queries(queries):
        response = browser.get(f"/columns/{column.pk}/")
    assert len(listed(response.content.decode())) == (5 if who == "staff" else 4)

    add(5, 195)
    with django_assert_num_queries(queries):
        response = browser.get(f"/columns/{column.pk}/", {"page": 2})
    assert len(listed(response.content.decode())) == 20
