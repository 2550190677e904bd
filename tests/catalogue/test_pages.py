"""The public catalogue pages: home, a domain's catalogue table, an item's page, 404 and 500."""

import re

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from catalogue.channels import STANDARD_CHANNELS
from catalogue.models import DisclosureItem
from disclosure.catalogue_pages import server_error
from pagecache.receivers import content_changed
from tests.factories import make_channels, make_column, make_domain, make_item
from units.models import Unit

pytestmark = pytest.mark.django_db

DRAFT = DisclosureItem.Status.DRAFT


def bulk_items(domain, count, start=0, channels=("政府网站", "公开查阅点"), **fields):
    """Create `count` published items in a few queries, each in `channels`, 3 per level-1 item."""
    by_name = make_channels()
    fields.setdefault("content", "办理事项、办理条件、申请材料")
    fields.setdefault("basis", "《社会救助暂行办法》")
    items = DisclosureItem.objects.bulk_create(
        DisclosureItem(
            domain=domain,
            number=n,
            level1=f"最低生活保障{n // 3}",
            level2=f"事项{n}",
            status=DisclosureItem.Status.PUBLISHED,
            **fields,
        )
        for n in range(start, start + count)
    )
    if not all(item.pk for item in items):  # backends that do not return ids on bulk insert
        items = list(DisclosureItem.objects.filter(domain=domain, number__gte=start))
    through = DisclosureItem.channels.through
    through.objects.bulk_create(
        through(disclosureitem_id=item.pk, channel_id=by_name[name].pk)
        for item in items
        for name in channels
    )
    content_changed()  # bulk writes send no save signals, as in the importer
    return items


def rows(html):
    """Return the catalogue rows of a rendered table as {item id: row html}."""
    return dict(re.findall(r'<tr data-item-id="(\d+)"[^>]*>(.*?)</tr>', html, re.S))


# Home


def test_home_shows_bureau_domains_with_counts_recent_items_and_search(client):
    Unit.objects.home()
    Unit.objects.update(name="清河县民政局")
    make_domain(name="养老服务", slug="elderly-care", order=2)
    domain = make_domain(name="社会救助", slug="social-assistance", order=1)
    make_item(domain=domain, level1="最低生活保障", level2="办事指南")
    make_item(domain=domain, level1="最低生活保障", level2="审核信息")
    make_item(domain=domain, level1="临时救助", level2="草稿事项", status=DRAFT)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in html
    assert '<meta name="viewport"' in html
    assert 'class="skip-link" href="#main"' in html
    assert "清河县民政局" in html
    assert "已公开事项 2 项" in html  # the draft is not counted
    assert "已公开事项 0 项" in html
    assert "最低生活保障 / 审核信息" in html
    assert "草稿事项" not in html
    assert 'action="/search/"' in html
    assert 'href="/catalogue/social-assistance/"' in html  # domain in the nav
    assert 'href="/admin/"' not in html
    # Domains in their configured order, in the nav and in the list.
    assert html.index(">社会救助</a>") < html.index(">养老服务</a>")
    assert html.index('class="domain-name">社会救助') < html.index('class="domain-name">养老服务')


def section(html, start):
    """The HTML from `start` up to the end of the element it opens (nav, footer or section)."""
    begin = html.index(start)
    tag = re.match(r"<(\w+)", html[begin:]).group(1)
    return html[begin : html.index(f"</{tag}>", begin)]


def links(html):
    """{link text: href}; a link's text is its first run of text (a card's name, not its hint)."""
    return {
        re.search(r">([^<]+)<", f">{inner}<").group(1): href
        for href, inner in re.findall(r'<a (?:class="[^"]*" )?href="([^"]+)"[^>]*>(.*?)</a>', html)
    }


def test_requests_and_annual_reports_are_linked_from_menu_footer_and_home(client):
    """A citizen finds 依申请公开 in the main menu, and both it and 年报 in the footer and home."""
    html = client.get("/").content.decode()
    menu = links(section(html, '<nav class="site-nav"'))
    assert menu["依申请公开"] == "/yisqgk/"
    assert list(menu).index("依申请公开") < list(menu).index("意见征集")
    footer = links(section(html, '<footer class="site-footer"'))
    assert footer["依申请公开"] == "/yisqgk/"
    assert footer["政府信息公开年报"] == "/annual-reports/"
    block = section(html, '<section aria-labelledby="open-government-title"')
    assert '<h2 id="open-government-title">政务公开专栏</h2>' in block
    assert {
        "依申请公开": "/yisqgk/",
        "政府信息公开年报": "/annual-reports/",
        "意见征集": "/consultations/",
        "留言": "/messages/",
    }.items() <= links(block).items()
    assert html.index("政务公开专栏") < html.index("最近更新的公开事项")


def test_home_queries_do_not_grow_with_items(client, django_assert_num_queries):
    domain = make_domain()
    bulk_items(domain, 5)
    # the content version and its dates, the unit, domains with counts, recent items
    with django_assert_num_queries(5):
        client.get("/")
    bulk_items(domain, 100, start=100)
    with django_assert_num_queries(5):
        client.get("/")


# Domain catalogue table


@pytest.fixture
def catalogue():
    domain = make_domain(name="社会救助", slug="social-assistance")
    other_domain = make_domain(name="养老服务", slug="elderly-care")
    items = {
        "guide": make_item(
            domain=domain,
            number=3,
            level1="最低生活保障",
            level2="办事指南",
            channels=("政府网站", "公开查阅点", "政务服务中心"),
            audience_public=True,
            mode_proactive=True,
            level_county=True,
            level_township=True,
        ),
        "review": make_item(
            domain=domain,
            number=4,
            level1="最低生活保障",
            level2="审核信息",
            channels=("社区/企事业单位/村公示栏（电子屏）",),
            other_channels="12345政务服务热线",
            level_county=False,
            level_township=True,
        ),
        "policy": make_item(domain=domain, number=1, level1="综合业务", level2="政策法规文件"),
        "late": make_item(domain=domain, number=9, level1="综合业务", level2="监督检查"),
        "draft": make_item(domain=domain, number=5, level1="临时救助", level2="草稿", status=DRAFT),
        "elsewhere": make_item(domain=other_domain, level1="老年人补贴", level2="办事指南"),
    }
    return domain, items


def test_domain_catalogue_has_the_template_columns(client, catalogue):
    response = client.get("/catalogue/social-assistance/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "社会救助领域基层政务公开标准目录" in html
    assert 'class="catalogue-table"' in html
    for header in (
        "序号",
        "公开事项",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        "公开方式",
        "公开层级",
        "全社会",
        "特定群体",
        "县级",
        "乡级",
    ):
        assert f">{header}</th>" in html, header
    assert "老年人补贴" not in html  # another domain's item
    assert 'href="/catalogue/social-assistance/download.xlsx"' in html


def test_domain_catalogue_groups_rows_under_each_level1_name_once(client, catalogue):
    _, items = catalogue
    html = client.get("/catalogue/social-assistance/").content.decode()

    # 综合业务 has numbers 1 and 9, 最低生活保障 3 and 4: each group stays together, in the
    # order of its first number, and its name is printed once, spanning its rows.
    assert html.count(">综合业务</span></th>") == 1
    assert html.count(">最低生活保障</span></th>") == 1
    assert 'rowspan="2"><span class="level1-name">综合业务</span></th>' in html
    assert 'rowspan="2"><span class="level1-name">最低生活保障</span></th>' in html
    order = [int(pk) for pk in re.findall(r'<tr data-item-id="(\d+)"', html)]
    assert order == [items[k].pk for k in ("policy", "late", "guide", "review")]
    assert html.count('<tbody class="catalogue-group"') == 2
    for item in items.values():
        if item.is_published and item.domain.slug == "social-assistance":
            assert f'href="/items/{item.pk}/"' in html


def test_domain_catalogue_marks_all_13_channels_and_ticks(client, catalogue):
    _, items = catalogue
    table = rows(client.get("/catalogue/social-assistance/").content.decode())

    guide = table[str(items["guide"].pk)]
    marks = re.findall(r'aria-hidden="true">([■□])</span>([^<]+)<', guide)
    assert [name for _, name in marks] == list(STANDARD_CHANNELS)  # template order, all 13
    chosen = {name for mark, name in marks if mark == "■"}
    assert chosen == {"政府网站", "公开查阅点", "政务服务中心"}
    ticks = re.findall(
        r'<td class="tick tick-(on|off)(?: tick-first)?" data-label="([^"]+)"', guide
    )
    assert dict((label, state) for state, label in ticks) == {
        "公开对象：全社会": "on",
        "公开对象：特定群体": "off",
        "公开方式：主动公开": "on",
        "公开方式：依申请公开": "off",
        "公开层级：县级": "on",
        "公开层级：乡级": "on",
    }
    assert guide.count("√") == 4

    review = table[str(items["review"].pk)]
    assert "■</span>社区/企事业单位/村公示栏（电子屏）" in review
    assert "□</span>政府网站" in review
    assert "■</span>其他" in review  # a local channel ticks 其他 ...
    assert "其他渠道：12345政务服务热线" in review  # ... and is named


def test_domain_catalogue_hides_drafts_from_anonymous_and_marks_them_for_staff(
    staff_client, catalogue
):
    _, items = catalogue
    draft_id = str(items["draft"].pk)

    anonymous = Client()  # `client` is the one staff_client logged in
    assert draft_id not in rows(anonymous.get("/catalogue/social-assistance/").content.decode())
    staff_rows = rows(staff_client.get("/catalogue/social-assistance/").content.decode())
    assert "草稿</span>" in staff_rows[draft_id]
    assert "草稿</span>" not in staff_rows[str(items["guide"].pk)]


def test_domain_catalogue_escapes_untrusted_text(client):
    domain = make_domain(slug="escape")
    make_item(domain=domain, level1="<script>alert(1)</script>", content="<b>内容</b>")
    html = client.get("/catalogue/escape/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;内容&lt;/b&gt;" in html


def test_unknown_domain_is_404(client):
    assert client.get("/catalogue/no-such-domain/").status_code == 404


def test_domain_catalogue_queries_are_the_same_for_10_and_500_items(
    client, django_assert_num_queries
):
    domain = make_domain(slug="big")
    column = make_column()
    items = bulk_items(domain, 10)
    items[0].columns.add(column)
    with CaptureQueriesContext(connection) as small:
        response = client.get("/catalogue/big/")
    assert response.status_code == 200
    # the unit, nav, domain, items, their channels, their columns, the standard channels
    assert len(small) == 9  # +2: the content version, its dates to store the page

    bulk_items(domain, 490, start=10)
    with django_assert_num_queries(len(small)):
        response = client.get("/catalogue/big/")
    assert len(rows(response.content.decode())) == 500


# Item page


def test_item_page_shows_every_element_breadcrumb_domain_and_columns(client, catalogue):
    _, items = catalogue
    column = make_column(name="城乡低保", number=61)
    item = items["guide"]
    item.columns.add(column)

    response = client.get(f"/items/{item.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "当前位置：" in html
    assert re.search(
        r'<a href="/">首页</a></li><li><a href="/catalogue/social-assistance/">社会救助</a></li>'
        r'<li aria-current="page">最低生活保障 / 办事指南</li>',
        html,
    )
    for text in (
        "办理事项、办理条件、申请材料、办理流程",
        "《社会救助暂行办法》（国务院令第649号）",
        "制定或获取信息之日起10个工作日内",
        "县级人民政府民政部门",
        "■</span>政府网站",
        "□</span>政府公报",
        "全社会",
        "主动公开",
        "县级、乡级",
    ):
        assert text in html, text
    assert f'href="/columns/{column.pk}/">61. 城乡低保</a>' in html
    assert "草稿" not in html


def test_draft_item_is_404_for_anonymous_and_shown_to_staff_as_draft(staff_client, catalogue):
    _, items = catalogue
    url = f"/items/{items['draft'].pk}/"

    response = Client().get(url)  # `client` is the one staff_client logged in
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()

    response = staff_client.get(url)
    assert response.status_code == 200
    assert 'class="badge badge-draft">草稿</span>' in response.content.decode()


def test_item_page_queries_do_not_grow_with_columns(client, django_assert_num_queries):
    item = make_item(columns=[make_column()])
    # the unit, nav, item, channels, columns, standard channels, latest publications,
    # change log (published versions, their links)
    with django_assert_num_queries(11):  # +2: the content version, its dates to store the page
        client.get(f"/items/{item.pk}/")
    item.columns.add(*(make_column() for _ in range(10)))
    with django_assert_num_queries(11):  # +2: the content version, its dates to store the page
        client.get(f"/items/{item.pk}/")


# Error pages


def test_404_page_is_chinese_and_uses_the_site_layout(client):
    Unit.objects.home()
    Unit.objects.update(name="清河县民政局")
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in html
    assert "清河县民政局" in html
    assert '<html lang="zh-CN">' in html


def test_500_page_is_chinese_and_needs_no_database(settings, django_assert_num_queries):
    settings.PORTAL_PLATFORM_NAME = "清河县民政局"
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "抱歉，服务器出现错误" in html
    assert "清河县民政局" in html


def test_500_handler_is_wired(settings):
    from portal import urls

    assert urls.handler500 == "disclosure.catalogue_pages.server_error"


# Reading a long catalogue on a phone


def test_domain_catalogue_opens_with_contents_linking_to_each_group(client, catalogue):
    html = client.get("/catalogue/social-assistance/").content.decode()

    contents = html[
        html.index('<nav class="catalogue-contents') : html.index(
            "</nav>", html.index('<nav class="catalogue-contents')
        )
    ]
    assert "4 项" in contents and "2 个一级事项" in contents
    links = re.findall(
        r'<li><a href="#(group-\d+)">([^<]+)</a> <span class="group-count">共 (\d+) 项', contents
    )
    assert links == [("group-1", "综合业务", "2"), ("group-2", "最低生活保障", "2")]
    # The contents come before the table, and every link has its group.
    assert html.index("catalogue-contents") < html.index('<table class="catalogue-table"')
    group_ids = re.findall(r'<tbody class="catalogue-group" id="(group-\d+)">', html)
    assert group_ids == ["group-1", "group-2"]


def test_every_group_ends_with_a_link_back_to_the_top(client, catalogue):
    html = client.get("/catalogue/social-assistance/").content.decode()

    assert '<h1 id="top">' in html
    groups = re.findall(r'<tbody class="catalogue-group"[^>]*>(.*?)</tbody>', html, re.S)
    assert len(groups) == 2
    for group in groups:
        last_row = group.rstrip().rsplit("<tr", 1)[1]
        assert 'class="group-end' in last_row
        assert '<a href="#top">返回顶部</a>' in last_row
        assert 'colspan="14"' in last_row  # spans the template's 14 columns


def test_level1_name_is_a_block_of_its_own_inside_the_merged_cell(client, catalogue):
    html = client.get("/catalogue/social-assistance/").content.decode()
    assert (
        'scope="rowgroup" class="cell-level1" rowspan="2">'
        '<span class="level1-name">最低生活保障</span></th>'
    ) in html


def test_cards_get_one_summary_per_tick_set_in_the_set_s_first_tick_cell(client, catalogue):
    _, items = catalogue
    table = rows(client.get("/catalogue/social-assistance/").content.decode())

    def summaries(row):
        return dict(
            re.findall(r'<span class="tick-summary" data-label="([^"]+)">([^<]*)</span>', row)
        )

    assert summaries(table[str(items["guide"].pk)]) == {
        "公开对象": "全社会",
        "公开方式": "主动公开",
        "公开层级": "县级、乡级",
    }
    review = table[str(items["review"].pk)]
    assert summaries(review)["公开层级"] == "乡级"
    # The six √ cells of the table layout are still there, and the summaries add no √.
    assert len(re.findall(r'<td class="tick tick-(?:on|off)(?: tick-first)?"', review)) == 6
    assert review.count("√") == 3


def test_channel_cell_has_a_short_line_for_the_channels_not_chosen(client, catalogue):
    _, items = catalogue
    by_name = make_channels()
    everywhere = make_item(
        domain=items["guide"].domain, level1="临时救助", level2="全部渠道", channels=list(by_name)
    )
    nowhere = make_item(
        domain=items["guide"].domain, level1="临时救助", level2="无渠道", channels=()
    )
    table = rows(client.get("/catalogue/social-assistance/").content.decode())

    guide = table[str(items["guide"].pk)]
    assert '<p class="channel-rest">其余渠道未选用' in guide
    assert "（标准渠道共 13 种，本事项选用 3 种）" in guide  # for screen readers
    # The □ items stay for the table layout; CSS leaves them out of the cards.
    assert guide.count('class="channel-off') == 10
    assert "channel-rest" not in table[str(everywhere.pk)]
    assert '<p class="channel-rest">未选用标准渠道' in table[str(nowhere.pk)]
    # The one long name takes a whole line of the two-per-line grid.
    wide = re.findall(r'<li class="channel-(?:on|off) channel-wide">.*?</span>([^<]+)<', guide)
    assert wide == ["社区/企事业单位/村公示栏（电子屏）"]


def test_item_page_has_the_same_short_channel_line(client, catalogue):
    _, items = catalogue
    html = client.get(f"/items/{items['review'].pk}/").content.decode()
    assert "■</span>社区/企事业单位/村公示栏（电子屏）" in html
    assert '<p class="channel-rest">其余渠道未选用' in html
    assert "本事项选用 2 种" in html  # the notice board, and 其他 for the local hotline
