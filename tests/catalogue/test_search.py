"""The public search: substring matching, Traditional input, combined filters, bad parameters."""

import io
import json
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.exporting import export_domain
from catalogue.models import Channel, DisclosureItem
from searchterms.synonyms import expand
from tests.catalogue.test_pages import bulk_items, rows
from tests.factories import make_channels, make_domain, make_item

pytestmark = pytest.mark.django_db

NO_RESULTS_MESSAGE = "搜索条件有误，未能查询。"


def found(response):
    """Return the ids of the items listed as results, in page order."""
    assert response.status_code == 200
    html = response.content.decode()
    return [int(pk) for pk in re.findall(r'<li class="result" data-item-id="(\d+)"', html)]


@pytest.fixture
def items():
    assistance = make_domain(name="社会救助", slug="social-assistance")
    elderly = make_domain(name="养老服务", slug="elderly-care")
    return {
        "dibao_review": make_item(
            domain=assistance,
            level1="最低生活保障",
            level2="审核信息",
            content="初审对象名单及相关信息",
            basis="《最低生活保障审核审批办法（试行）》（民发〔2012〕220号）",
            channels=("社区/企事业单位/村公示栏（电子屏）",),
            mode_proactive=True,
            level_county=False,
            level_township=True,
        ),
        "dibao_guide": make_item(
            domain=assistance,
            level1="最低生活保障",
            level2="办事指南",
            content="办理事项、办理条件、低保标准、申请材料",
            basis="国发〔2012〕45号",
            channels=("政府网站", "政务服务中心"),
            level_township=True,
        ),
        "temporary": make_item(
            domain=assistance,
            level1="临时救助",
            level2="审核审批信息",
            content="支出型临时救助对象名单、救助金额、救助事由",
            basis="《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）",
            channels=("政府网站",),
            mode_proactive=False,
            mode_on_request=True,
            audience_public=False,
            audience_specific=True,
        ),
        "subsidy": make_item(
            domain=elderly,
            level1="养老服务业务办理",
            level2="老年人补贴",
            content="补贴名称（高龄津贴、养老服务补贴、护理补贴等）",
            basis="信息公开规定",
            channels=("政府网站", "便民服务站"),
        ),
        "draft": make_item(
            domain=assistance,
            level1="最低生活保障",
            level2="草稿中的低保事项",
            status=DisclosureItem.Status.DRAFT,
        ),
    }


def search(client, **params):
    return client.get("/search/", params)


def test_empty_search_shows_the_form_and_a_hint(client, items):
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="search" name="q"' in html
    assert "请输入关键词" in html
    assert found(response) == []
    assert NO_RESULTS_MESSAGE not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("最低生活保障", {"dibao_review", "dibao_guide"}),  # level1
        ("审核", {"dibao_review", "temporary"}),  # level2
        ("高龄津贴", {"subsidy"}),  # content
        ("国发〔2014〕47号", {"temporary"}),  # basis
        ("低保", {"dibao_guide", "dibao_review"}),  # the short name also finds 最低生活保障
        ("最低生活保障标准", set()),  # a synonym stands for the whole word only
        ("低保标准", {"dibao_guide"}),  # the word as written
        ("最低生活保障 办事指南", {"dibao_guide"}),  # every word must match
    ],
)
def test_search_finds_published_items_by_substring(client, items, query, expected):
    assert set(found(search(client, q=query))) == {items[key].pk for key in expected}


def test_search_never_finds_drafts(client, items):
    assert found(search(client, q="草稿中的低保事项")) == []


def test_traditional_query_finds_simplified_items(client, items):
    response = search(client, q="最低生活保障 審核信息")
    assert found(response) == [items["dibao_review"].pk]
    assert 'value="最低生活保障 審核信息"' in response.content.decode()  # as typed


def test_search_word_is_highlighted_and_text_escaped(client):
    make_item(level1="<b>低保</b>", level2="办事指南", content="低保<script>x</script>")
    html = search(client, q="低保").content.decode()
    assert "&lt;b&gt;<mark>低保</mark>&lt;/b&gt;" in html
    assert "<mark>低保</mark>&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x" not in html


def test_filters_combine(client, items):
    website = Channel.objects.get(name="政府网站")

    assert set(found(search(client, domain="social-assistance"))) == {
        items[k].pk for k in ("dibao_review", "dibao_guide", "temporary")
    }
    assert set(found(search(client, domain="social-assistance", channel=website.pk))) == {
        items[k].pk for k in ("dibao_guide", "temporary")
    }
    assert found(
        search(client, domain="social-assistance", channel=website.pk, mode="on_request")
    ) == [items["temporary"].pk]
    assert found(
        search(client, domain="social-assistance", mode="proactive", level="township")
    ) in (
        [items["dibao_review"].pk, items["dibao_guide"].pk],
        [items["dibao_guide"].pk, items["dibao_review"].pk],
    )
    assert found(search(client, audience="specific")) == [items["temporary"].pk]
    assert found(search(client, q="补贴", domain="social-assistance")) == []
    assert found(search(client, q="补贴", domain="elderly-care", channel=website.pk)) == [
        items["subsidy"].pk
    ]
    assert found(search(client, level="county", q="最低生活保障")) == [items["dibao_guide"].pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"domain": "no-such-domain"}, "没有这个领域"),
        ({"q": "低保", "channel": "abc"}, "没有这个公开渠道"),
        ({"q": "低保", "channel": "999999"}, "没有这个公开渠道"),
        ({"q": "低保", "audience": "everyone"}, "没有这个公开对象"),
        ({"q": "低保", "mode": "secret"}, "没有这个公开方式"),
        ({"q": "低保", "level": "province"}, "没有这个公开层级"),
        ({"q": "低保", "page": "-1"}, "页码应当是正整数"),
        ({"q": "低保", "page": "0"}, "页码应当是正整数"),
        ({"q": "低保", "page": "abc"}, "页码应当是正整数"),
        ({"q": "低保", "page": "99"}, "没有第 99 页"),
        ({"q": "低" * 101}, "关键词太长"),
    ],
)
def test_bad_parameters_give_a_message_and_no_results(client, items, params, message):
    response = search(client, **params)
    html = response.content.decode()
    assert response.status_code == 200
    assert found(response) == []
    assert NO_RESULTS_MESSAGE in html
    assert message in html


def test_results_are_paginated_with_page_links(client):
    domain = make_domain(slug="many")
    bulk_items(domain, 45)

    first = search(client, q="最低生活保障", domain="many")
    html = first.content.decode()
    assert len(found(first)) == 20
    assert "找到 <strong>45</strong> 个公开事项" in html
    assert "第 1 页，共 3 页" in html
    assert (
        'href="?q=%E6%9C%80%E4%BD%8E%E7%94%9F%E6%B4%BB%E4%BF%9D%E9%9A%9C&amp;domain=many&amp;page=2"'
        in html
    )

    last = search(client, q="最低生活保障", domain="many", page=3)
    assert len(found(last)) == 5
    assert not set(found(first)) & set(found(last))


def test_search_queries_are_the_same_for_10_and_500_items(client, django_assert_num_queries):
    domain = make_domain(slug="big")
    bulk_items(domain, 10)
    website = Channel.objects.get(name="政府网站")
    params = {"q": "最低生活保障", "domain": "big", "channel": website.pk, "mode": "proactive"}

    with CaptureQueriesContext(connection) as small:
        assert len(found(search(client, **params))) == 10
    # the content version and its dates, the filters' domain and channel lookups and their options, the
    # unit, the nav, the count of items and of documents, the page of items
    assert len(small) == 11

    bulk_items(domain, 490, start=10)
    with django_assert_num_queries(len(small)):
        response = search(client, **params)
    assert len(found(response)) == 20
    assert "找到 <strong>500</strong> 个公开事项" in response.content.decode()


# The filter panel and errors on their fields


def filter_panel(html):
    """Return the opening tag of the filter panel and its contents."""
    match = re.search(r'(<details class="search-filters"[^>]*>)(.*?)</details>', html, re.S)
    assert match, "no filter panel"
    return match.group(1), match.group(2)


def test_filters_are_folded_away_until_used(client, items):
    for response in (client.get("/search/"), search(client, q="低保")):
        tag, panel = filter_panel(response.content.decode())
        assert " open" not in tag
        assert "<summary>筛选条件（领域、渠道、对象、方式、层级）</summary>" in panel
        # All five filters are inside, with their own button after them.
        for name in ("domain", "channel", "audience", "mode", "level"):
            assert f'name="{name}"' in panel
        assert panel.rstrip().endswith(
            '<button type="submit" class="filter-submit">按条件筛选</button>'
        )


def test_filter_panel_is_open_when_a_filter_is_set(client, items):
    html = search(client, q="低保", level="county", domain="social-assistance").content.decode()
    tag, panel = filter_panel(html)
    assert tag.endswith(" open>")
    assert "已选 2 项" in panel


def test_results_follow_the_form_with_the_count_first(client, items):
    html = search(client, q="最低生活保障").content.decode()
    form_end = html.index("</form>")
    results = html.index('<section class="search-results"')
    assert form_end < results
    assert re.sub(r"\s+", "", html[form_end:results]) == "</form>"  # nothing in between
    assert (
        '<h2 id="results-title" class="result-count result-count-with-tabs">'
        "找到 <strong>2</strong> 个公开事项、"
        "<strong>0</strong> 条政府信息</h2>" in html
    )


def test_a_bad_filter_is_marked_on_its_field_and_linked_from_the_summary(client, items):
    html = search(client, q="低保", channel="abc", mode="sometimes").content.decode()
    tag, panel = filter_panel(html)
    assert tag.endswith(" open>")  # the bad fields must be seen

    for name, message in (("channel", "没有这个公开渠道"), ("mode", "没有这个公开方式")):
        select = re.search(rf'<select name="{name}"[^>]*>', panel).group(0)
        assert 'aria-invalid="true"' in select
        assert f'aria-describedby="id_{name}_error"' in select
        assert 'class="is-invalid"' in select
        error = re.search(rf'<p class="field-error" id="id_{name}_error">([^<]+)</p>', panel)
        assert error and message in error.group(1)
        # The summary at the top links to the field.
        assert re.search(rf'<li><a href="#id_{name}">{message}[^<]*</a></li>', html)
    assert html.index('role="alert"') < html.index("<form")

    for name in ("domain", "audience", "level"):
        select = re.search(rf'<select name="{name}"[^>]*>', panel).group(0)
        assert "aria-invalid" not in select and "is-invalid" not in select
    assert html.count('class="field-error"') == 2
    assert "<title>有误：" in html


def test_a_too_long_query_is_marked_on_the_search_box(client, items):
    html = search(client, q="低" * 101).content.decode()
    box = re.search(r'<input type="search" name="q"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in box
    assert 'aria-describedby="id_q_error"' in box
    assert "is-invalid" in box
    assert re.search(r'<p class="field-error" id="id_q_error">关键词太长', html)
    tag, _ = filter_panel(html)
    assert " open" not in tag  # no filter is involved


def test_a_bad_page_number_has_only_the_summary_message(client, items):
    html = search(client, q="低保", page="abc").content.decode()
    assert "<li>页码应当是正整数。</li>" in html  # nothing on the page to link to
    assert "field-error" not in html
    assert "aria-invalid" not in html


def test_the_formal_term_a_synonym_found_is_highlighted(client):
    make_item(level1="最低生活保障", level2="办事指南", content="办理条件")
    html = search(client, q="低保").content.decode()
    assert "<mark>最低生活保障</mark>" in html


def test_synonyms_work_both_ways(client):
    colloquial = make_item(level1="养老服务", level2="养老院名单", content="全县养老院名单")
    formal = make_item(level1="养老服务", level2="养老机构名单", content="全县养老机构名单")
    assert set(found(search(client, q="养老院"))) == {colloquial.pk, formal.pk}
    response = search(client, q="养老机构")
    assert set(found(response)) == {colloquial.pk, formal.pk}
    assert "全县<mark>养老院</mark>名单" in response.content.decode()
    # A colloquial word stands for its formal term, not for its siblings.
    assert set(found(search(client, q="敬老院"))) == {formal.pk}


def test_expand_gives_the_formal_terms_and_the_colloquial_words():
    assert expand("低保") == ("低保", "最低生活保障")
    assert expand("最低生活保障") == ("最低生活保障", "低保")
    assert set(expand("养老机构")) == {"养老机构", "敬老院", "养老院"}
    assert set(expand("特困人员")) == {"特困人员", "五保", "五保户"}
    assert expand("高龄津贴") == ("高龄津贴",)


def test_page_search_and_export_agree_on_when_other_is_ticked(client):
    """其他 is ticked for the 其他 row, a local channel row or free text: everywhere alike."""
    domain = make_domain(name="社会救助", slug="social-assistance")
    hotline = Channel.objects.create(name="12345政务服务热线", order=20, is_standard=False)

    def item(number, channels=("政府网站",), **kwargs):
        return make_item(
            domain=domain, number=number, level2=f"事项{number}", channels=channels, **kwargs
        )

    free_text = item(1, other_channels="村民微信群")
    other_row = item(2, channels=("其他",))
    local_row = item(3)
    local_row.channels.add(hotline)
    everything = item(4, channels=("政府网站", "其他"), other_channels="村广播\n村民微信群")
    everything.channels.add(hotline)
    plain = item(5, other_channels=" \n ")
    item(6, other_channels="村民微信群", status=DisclosureItem.Status.DRAFT)
    ticked = [free_text.pk, other_row.pk, local_row.pk, everything.pk]

    other = Channel.objects.get(name="其他")
    assert sorted(found(search(client, channel=other.pk))) == ticked  # each item once
    website = Channel.objects.get(name="政府网站")
    assert sorted(found(search(client, channel=website.pk))) == [
        free_text.pk,
        local_row.pk,
        everything.pk,
        plain.pk,
    ]
    assert found(search(client, channel=hotline.pk)) == [local_row.pk, everything.pk]

    table = rows(client.get("/catalogue/social-assistance/").content.decode())
    page_ticked = [int(pk) for pk, row in table.items() if "■</span>其他" in row]
    assert sorted(page_ticked) == ticked
    assert "□</span>其他" in table[str(plain.pk)]
    detail = client.get(free_text.get_absolute_url()).content.decode()
    assert "■</span>其他" in detail and "村民微信群" in detail

    ws = openpyxl.load_workbook(
        io.BytesIO(export_domain(domain, "xlsx", published_only=True))
    ).active
    cells = {ws.cell(row, 1).value: ws.cell(row, 8).value for row in range(5, 10)}
    assert sorted(n for n, cell in cells.items() if "■其他" in cell) == [1, 2, 3, 4]
    assert "□其他" in cells[5]
    records = json.loads(export_domain(domain, "json", published_only=True))
    assert [r["number"] for r in records if "其他" in r["channels"]] == [1, 2, 3, 4]
    assert [d.ticks_other for d in DisclosureItem.objects.for_table().order_by("number")] == [
        True,
        True,
        True,
        True,
        False,
        True,
    ]


def test_other_channel_filter_is_one_query_without_duplicates(django_assert_num_queries):
    other = make_channels()["其他"]
    hotline = Channel.objects.create(name="村广播", order=30, is_standard=False)
    for _ in range(5):
        item = make_item(channels=("其他",), other_channels="村民微信群")
        item.channels.add(hotline)
    with django_assert_num_queries(1):
        assert len(DisclosureItem.objects.published().with_channel(other)) == 5


def test_a_regulation_in_the_basis_is_found_whatever_brackets_are_typed(client):
    cited = make_item(level1="最低生活保障", basis="《社会救助暂行办法》（国务院令第649号）")
    make_item(level1="临时救助", basis="《社会救助暂行办法》")
    for query in ("(国务院令第649号)", "[国务院令第649号]", "（国务院令第649号）"):
        assert found(search(client, q=query)) == [cited.pk], query
