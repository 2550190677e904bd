"""
The public search finds published documents (政府信息) too: by title, 文号 and body, with the
same synonyms, in a group of their own with its own pages, never a draft or a pending revision.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import Channel, DisclosureItem
from publications.models import Publication
from review import workflow
from review.models import snapshot
from tests.catalogue.test_search import NO_RESULTS_MESSAGE, found, search
from tests.factories import make_column, make_domain, make_item, make_publication

pytestmark = pytest.mark.django_db

d = datetime.date
Status = Publication.Status
UNPUBLISHED = [Status.DRAFT, Status.SUBMITTED, Status.CHECKED, Status.APPROVED]


def found_publications(response):
    """Return the ids of the publications listed as results, in page order."""
    assert response.status_code == 200
    html = response.content.decode()
    return [int(pk) for pk in re.findall(r'data-publication-id="(\d+)"', html)]


def documents(client, **params):
    """Search with the 政府信息 group shown."""
    return search(client, **params, scope="publications")


def result_of(html, publication):
    """The HTML of `publication`'s result."""
    match = re.search(
        rf'<li class="result result-publication" data-publication-id="{publication.pk}">(.*?)</li>\s*(?:<li class="result|</ol>)',
        html,
        re.S,
    )
    assert match, f"{publication} is not among the results"
    return match.group(1)


@pytest.fixture
def library():
    column = make_column(name="部门文件")
    return {
        "standard": make_publication(
            column=column,
            title="关于调整城乡最低生活保障标准的通知",
            document_number="示民〔2026〕21号",
            published_on=d(2026, 3, 2),
            body="各乡镇人民政府：\n\n经县人民政府同意，城乡低保标准提高到每人每月 800 元。",
        ),
        "relief": make_publication(
            column=column,
            title="关于进一步做好临时救助工作的通知",
            document_number="示民〔2026〕9号",
            published_on=d(2026, 2, 10),
            body="对**临时救助**对象，按照“先行救助”的原则办理。",
        ),
        "care": make_publication(
            column=make_column(name="养老服务"),
            title="高龄津贴申领办事指南",
            published_on=d(2026, 1, 5),
            body="## 发放对象\n\n具有本县户籍、年满80周岁的老年人。",
        ),
        "draft": make_publication(
            column=column,
            title="草稿：最低生活保障审核确认实施细则",
            status=Status.DRAFT,
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("城乡最低生活保障标准", {"standard"}),  # title
        ("示民〔2026〕9号", {"relief"}),  # 文号
        ("先行救助", {"relief"}),  # body
        ("80周岁", {"care"}),  # body written as Markdown
        ("低保", {"standard"}),  # 低保 in the body, and 最低生活保障 in the title
        ("通知 临时救助", {"relief"}),  # every word must match, in any field
        ("臨時救助", {"relief"}),  # Traditional input
        ("示民〔２０２６〕９号", {"relief"}),  # full-width digits, as a phone's IME may type them
        ("８０周岁", {"care"}),
    ],
)
def test_search_finds_published_documents_by_title_number_and_body(
    client, library, query, expected
):
    assert set(found_publications(documents(client, q=query))) == {
        library[key].pk for key in expected
    }


def test_a_synonym_finds_a_document_that_only_uses_the_formal_term(client):
    formal = make_publication(title="特困人员救助供养办事指南", body="申请条件、办理流程。")
    assert found_publications(documents(client, q="五保")) == [formal.pk]
    html = documents(client, q="五保").content.decode()
    assert "<mark>特困人员</mark>救助供养办事指南" in result_of(html, formal)


@pytest.mark.parametrize(
    ("query", "title", "marked"),
    [
        ("最低生活保障", "2026年11月城乡低保资金发放情况", "城乡<mark>低保</mark>资金"),
        ("养老机构", "关于公布全县养老院名单的通知", "全县<mark>养老院</mark>名单"),
        ("养老机构", "乡镇敬老院安全检查情况", "乡镇<mark>敬老院</mark>安全"),
        ("特困人员", "农村五保供养资金发放情况", "农村<mark>五保</mark>供养"),
    ],
)
def test_a_formal_term_finds_a_document_that_only_uses_the_colloquial_word(
    client, query, title, marked
):
    colloquial = make_publication(title=title, body="详见附件。")
    make_publication(title="临时救助资金发放情况", body="详见附件。")
    response = documents(client, q=query)
    assert found_publications(response) == [colloquial.pk]
    assert marked in result_of(response.content.decode(), colloquial)


def test_documents_are_listed_newest_first(client, library):
    assert found_publications(documents(client, q="通知")) == [
        library["standard"].pk,
        library["relief"].pk,
    ]


def test_a_title_or_number_hit_ranks_above_a_newer_body_hit(client):
    column = make_column()
    named = make_publication(
        column=column,
        title="关于进一步做好临时救助工作的通知",
        document_number="示民〔2026〕9号",
        published_on=d(2026, 1, 5),
        body="各乡镇人民政府：现就有关事项通知如下。",
    )
    older = make_publication(
        column=column,
        title="临时救助审批结果公示",
        published_on=d(2025, 12, 1),
        body="名单见附件。",
    )
    newer_body = make_publication(
        column=column,
        title="3月工作动态",
        published_on=d(2026, 3, 5),
        body="根据示民〔2026〕9号，本月办理临时救助10件。",
    )
    # Title hits newest first, then body hits newest first.
    assert found_publications(documents(client, q="临时救助")) == [
        named.pk,
        older.pk,
        newer_body.pk,
    ]
    # A 文号 hit, in whatever brackets, names the document as a title hit does.
    assert found_publications(documents(client, q="示民〔2026〕9号")) == [named.pk, newer_body.pk]
    # A synonym in the title counts.
    formal = make_publication(
        column=column, title="最低生活保障审核确认办法", published_on=d(2025, 1, 1)
    )
    colloquial = make_publication(
        column=column, title="工作简报", body="低保提标。", published_on=d(2026, 4, 1)
    )
    assert found_publications(documents(client, q="低保")) == [formal.pk, colloquial.pk]


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_an_unpublished_document_is_never_found(client, staff_client, status):
    make_publication(title="巡查标记通知", status=status)
    assert found_publications(documents(client, q="巡查标记")) == []
    # Search is a public page: staff who may open drafts in the admin find none either.
    assert found_publications(documents(staff_client, q="巡查标记")) == []
    html = search(staff_client, q="巡查标记").content.decode()
    assert "没有找到符合条件的公开事项或政府信息" in html


def test_a_document_is_found_only_while_published_through_the_review(client, admin_user):
    publication = make_publication(title="巡查标记通知", status=Status.DRAFT)

    def hits():
        client.logout()
        return found_publications(documents(client, q="巡查标记"))

    for step in (workflow.submit, workflow.check, workflow.approve):
        assert hits() == []
        step(admin_user, publication)
    assert hits() == []
    workflow.publish(admin_user, publication)
    assert hits() == [publication.pk]

    workflow.withdraw(admin_user, publication, "暂停公开")
    assert hits() == []
    workflow.submit(admin_user, publication)
    workflow.reject(admin_user, publication, "请补充正文")
    assert hits() == []


def test_a_pending_revision_is_not_searched_until_published(client, admin_user):
    publication = make_publication(title="巡查标记通知", body="原来的正文")
    publication.body = "修改稿里的新正文"
    workflow.save_revision(admin_user, publication, snapshot(publication))
    publication.refresh_from_db()
    for step in (None, workflow.submit, workflow.check, workflow.approve):
        if step is not None:
            step(admin_user, publication)
        assert found_publications(documents(client, q="原来的正文")) == [publication.pk]
        assert found_publications(documents(client, q="修改稿里的新正文")) == []
        html = documents(client, q="巡查标记").content.decode()
        assert "修改稿里的新正文" not in html
    workflow.publish(admin_user, publication)
    assert found_publications(documents(client, q="修改稿里的新正文")) == [publication.pk]
    assert found_publications(documents(client, q="原来的正文")) == []


def test_a_result_shows_the_metadata_a_citizen_expects(client):
    column = make_column(name="政策文件")
    policy = make_publication(
        column=column,
        title="示范县最低生活保障审核确认实施细则",
        document_number="示民规〔2026〕2号",
        published_on=d(2026, 3, 2),
        body="第一条　为规范全县低保审核确认工作，制定本细则。",
    )
    html = result_of(documents(client, q="低保").content.decode(), policy)
    assert (
        f'<a href="{policy.get_absolute_url()}">示范县<mark>最低生活保障</mark>审核确认实施细则</a>'
        in html
    )
    assert '发布日期：<time datetime="2026-03-02">2026年3月2日</time>' in html
    assert f"索引号：{policy.index_number}" in html and policy.index_number
    assert "栏目：政策文件" in html
    assert "文号：示民规〔2026〕2号" in html
    assert (
        '<p class="excerpt">第一条　为规范全县<mark>低保</mark>审核确认工作，制定本细则。</p>'
        in html
    )
    assert "badge-invalid" not in html  # valid: no marker


@pytest.mark.parametrize(
    ("validity", "label"),
    [(Publication.Validity.REPEALED, "已废止"), (Publication.Validity.SUPERSEDED, "已被替代")],
)
def test_a_repealed_or_superseded_document_is_marked(client, validity, label):
    successor = make_publication(title="新的低保细则")
    old = make_publication(title="旧的低保细则", validity=validity, superseded_by=successor)
    html = documents(client, q="低保细则").content.decode()
    assert f'<span class="badge badge-invalid">{label}</span>' in result_of(html, old)
    assert "badge-invalid" not in result_of(html, successor)


def test_the_excerpt_is_plain_text_around_the_first_hit(client):
    body = (
        "## 第一章　总则\n\n"
        + "本细则适用于全县。" * 10
        + "\n\n**第五条**　申请[最低生活保障](https://example.gov.cn/a)的家庭，"
        + "应当如实申报家庭收入和财产状况。"
        + "后面还有很多内容。" * 20
    )
    publication = make_publication(title="实施细则", body=body)
    html = result_of(documents(client, q="如实申报").content.decode(), publication)
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', html).group(1)
    assert excerpt.startswith("…") and excerpt.endswith("…")  # cut on both sides
    assert "<mark>如实申报</mark>" in excerpt
    assert "第五条　申请最低生活保障的家庭，应当<mark>如实申报</mark>家庭收入" in excerpt
    for markup in ("**", "##", "](", "https://", "<a ", "<strong>"):
        assert markup not in excerpt
    assert len(re.sub(r"<[^>]+>", "", excerpt)) <= 102  # about 100 characters and the two …


def test_a_hit_in_the_title_only_quotes_the_start_of_the_body(client):
    publication = make_publication(title="低保通知", body="各乡镇人民政府：现将有关事项通知如下。")
    html = result_of(documents(client, q="低保通知").content.decode(), publication)
    assert '<p class="excerpt">各乡镇人民政府：现将有关事项通知如下。</p>' in html


ALLOWANCE_TABLE = (
    "现将各乡镇低保资金发放情况公布如下。\n\n"
    "| 乡镇 | 户数 | 人数 | 金额（元） |\n| --- | --- | --- | --- |\n"
    "| 城关镇 | 412 | 698 | 571360 |\n| 东山乡 | 236 | 401 | 305780 |\n\n"
    "如有疑问，请拨打县民政局社会救助科电话。"
)


def excerpt_of(client, publication, query):
    html = result_of(documents(client, q=query).content.decode(), publication)
    return re.search(r'<p class="excerpt">(.*?)</p>', html).group(1)


def test_a_hit_in_a_table_quotes_its_row_with_the_column_headers(client):
    publication = make_publication(title="11月资金发放情况", body=ALLOWANCE_TABLE)
    assert excerpt_of(client, publication, "东山乡") == (
        "（表格）乡镇：<mark>东山乡</mark>｜户数：236｜人数：401｜金额（元）：305780"
    )
    # A long row is cut before a whole cell.
    wide = make_publication(
        title="名单",
        body="| 乡镇 | 户主 | 身份证号码 | 地址 | 人数 | 金额（元） |\n| --- | --- | --- | --- | --- | --- |\n"
        "| 东山乡 | 王*芳 | 341802********3526 | 东山乡东山村东山组 | 3 | 1740 |",
    )
    assert excerpt_of(client, wide, "1740") == (
        "（表格）…身份证号码：341802********3526｜地址：东山乡东山村东山组｜人数：3｜"
        "金额（元）：<mark>1740</mark>"
    )
    # A hit in a header cell quotes the first row, the hit marked in its label.
    assert excerpt_of(client, publication, "户数") == (
        "（表格）乡镇：城关镇｜<mark>户数</mark>：412｜人数：698｜金额（元）：571360"
    )


def test_a_hit_outside_tables_is_quoted_before_one_inside(client):
    body = ALLOWANCE_TABLE + "东山乡的名单另行公示。"
    publication = make_publication(title="11月资金发放情况", body=body)
    quote = excerpt_of(client, publication, "东山乡")
    assert quote.endswith("<mark>东山乡</mark>的名单另行公示。")
    assert "571360" not in quote and "｜" not in quote
    # A hit in the title alone quotes the text, not the table.
    assert excerpt_of(client, publication, "11月资金") == (
        "现将各乡镇低保资金发放情况公布如下。 如有疑问，请拨打县民政局社会救助科电话。"
        "东山乡的名单另行公示。"
    )


def test_a_body_that_is_only_a_table_quotes_its_first_row(client):
    body = "| 乡镇 | 人数 |\n| --- | --- |\n| <b>城关镇</b> | 698 |\n| 东山乡 | 401 |"
    publication = make_publication(title="低保人数", body=body)
    assert excerpt_of(client, publication, "低保人数") == (
        "（表格）乡镇：&lt;b&gt;城关镇&lt;/b&gt;｜人数：698"
    )


def test_hostile_text_is_escaped_everywhere_in_a_result(client):
    publication = make_publication(
        title="<script>alert(1)</script>低保通知",
        document_number='<img src=x onerror="alert(2)">',
        body=(
            "低保<script>alert(3)</script> <b>粗</b> [点我](javascript:alert(4)) "
            '<a href="javascript:alert(5)">链接</a>'
        ),
    )
    html = documents(client, q="低保").content.decode()
    result = result_of(html, publication)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>低保</mark>通知" in result
    assert "文号：&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in result
    # The body is quoted as the page shows it: raw HTML and a refused link stay text.
    assert (
        '<p class="excerpt"><mark>低保</mark>&lt;script&gt;alert(3)&lt;/script&gt; '
        "&lt;b&gt;粗&lt;/b&gt; [点我](javascript:alert(4)) "
        "&lt;a href=&quot;javascript:alert(5)&quot;&gt;链接&lt;/a&gt;</p>" in result
    )
    for raw in ("<script>", "<img", "<b>", 'href="javascript', "(javascript:alert(4))</a>"):
        assert raw not in html


# 文号 in any brackets: phone keyboards cannot type 〔〕


@pytest.fixture
def numbered():
    return {
        "two": make_publication(
            title="示范县最低生活保障审核确认实施细则",
            document_number="示民规〔2026〕2号",
            published_on=d(2026, 3, 2),
            body="第一条　总则。",
        ),
        "twelve": make_publication(
            title="示范县特困人员认定办法",
            document_number="示民规 〔2026〕 12号",
            published_on=d(2026, 2, 2),
            body="第一条　总则。",
        ),
    }


@pytest.mark.parametrize(
    "query",
    [
        "示民规〔2026〕2号",
        "示民规[2026]2号",
        "示民规(2026)2号",
        "示民规【2026】2号",
        "示民规（2026）2号",
        "示民规［2026］2号",
        "示民规﹝2026﹞2号",
    ],
)
def test_a_document_number_is_found_whatever_brackets_are_typed(client, numbered, query):
    response = documents(client, q=query)
    assert found_publications(response) == [numbered["two"].pk]
    html = result_of(response.content.decode(), numbered["two"])
    assert "文号：<mark>示民规〔2026〕2号</mark>" in html


def test_a_document_number_is_found_without_brackets_and_spaces(client, numbered):
    response = documents(client, q="示民规2026 2号")
    # Each word is a substring of both 文号 once the brackets are gone: both are found.
    assert found_publications(response) == [numbered["two"].pk, numbered["twelve"].pk]
    html = result_of(response.content.decode(), numbered["two"])
    assert "文号：<mark>示民规〔2026</mark>〕<mark>2号</mark>" in html
    assert found_publications(documents(client, q="示民规(2026)12号")) == [numbered["twelve"].pk]
    html = result_of(documents(client, q="(2026)12").content.decode(), numbered["twelve"])
    assert "文号：示民规 〔<mark>2026〕 12</mark>号" in html


@pytest.mark.parametrize(
    "query", ["示民规%2号", "示民规2026_号", "示民规_2026_2号", "示民规\\2026", "〔〕", "[ ]", "()"]
)
def test_brackets_and_like_wildcards_in_a_number_query_are_literal(client, numbered, query):
    response = documents(client, q=query)
    assert response.status_code == 200
    assert found_publications(response) == []


# What the page shows of a document: an interpretation's form, its column


def test_an_interpretation_is_found_by_what_its_page_calls_it(client):
    policy = make_publication(title="示范县最低生活保障审核确认实施细则", body="第一条　总则。")
    interpretation = make_publication(
        column=make_column(name="图文材料"),
        title="一图读懂低保审核确认细则",
        body="一、申请条件 二、办理流程",
        interpretation_form=Publication.InterpretationForm.GRAPHIC,
    )
    interpretation.interprets.add(policy)
    make_publication(title="另一份通知", body="与此无关。")
    for query in ("政策解读", "解读", "图解", "政策解读 低保"):
        assert found_publications(documents(client, q=query)) == [interpretation.pk], query
    html = result_of(documents(client, q="解读").content.decode(), interpretation)
    assert "<span>政策<mark>解读</mark>（图解）</span>" in html


def test_a_document_is_found_by_its_column_name(client):
    explained = make_publication(
        column=make_column(name="其他解读"), title="低保政策问答", body="问：什么是低保？"
    )
    make_publication(column=make_column(name="部门文件"), title="通知", body="正文。")
    assert found_publications(documents(client, q="其他解读")) == [explained.pk]
    html = result_of(documents(client, q="其他解读").content.decode(), explained)
    assert "栏目：<mark>其他解读</mark>" in html


# Two groups, each with its own pages


def test_both_groups_are_counted_and_the_switch_keeps_the_query(client, library):
    make_item(level1="最低生活保障", level2="办事指南")
    html = search(client, q="低保").content.decode()
    assert (
        '<h2 id="results-title" class="result-count result-count-with-tabs">'
        "找到 <strong>1</strong> 个公开事项、"
        "<strong>1</strong> 条政府信息</h2>" in html
    )
    tabs = re.search(r'<nav class="result-tabs" aria-label="搜索结果分类">(.*?)</nav>', html, re.S)
    assert tabs, "no switch between the groups"
    assert (
        '<a href="?q=%E4%BD%8E%E4%BF%9D&amp;scope=items" aria-current="page">公开事项 '
        '<span class="tab-count">1 个</span></a>' in tabs.group(1)
    )
    assert (
        '<a href="?q=%E4%BD%8E%E4%BF%9D&amp;scope=publications">政府信息 '
        '<span class="tab-count">1 条</span></a>' in tabs.group(1)
    )
    # The items are shown first; the documents are one link away.
    assert len(found(search(client, q="低保"))) == 1
    assert found_publications(search(client, q="低保")) == []
    response = documents(client, q="低保")
    assert found(response) == [] and found_publications(response) == [library["standard"].pk]
    # A new search from the documents' group stays in it.
    assert '<input type="hidden" name="scope" value="publications">' in response.content.decode()


def test_documents_are_shown_when_only_they_match(client, library):
    make_item(level1="最低生活保障", level2="办事指南")
    response = search(client, q="先行救助")
    assert found_publications(response) == [library["relief"].pk]
    assert "找到 <strong>0</strong> 个公开事项、<strong>1</strong> 条政府信息" in (
        response.content.decode()
    )


def test_nothing_found_says_so_for_both_groups(client, library):
    html = search(client, q="zzzz").content.decode()
    assert "没有找到符合条件的公开事项或政府信息" in html


def empty_hint(response):
    """The sentence shown in place of the chosen group's results."""
    html = response.content.decode()
    assert '<ol class="result-list"' not in html
    return re.search(r'<p class="hint empty-group">(.*?)</p>', html, re.S).group(1)


def test_an_empty_group_points_to_the_other_only_when_it_has_results(client, library):
    make_item(level1="最低生活保障", level2="审批结果")
    # Only items match: the documents' group says so and links the items.
    assert empty_hint(documents(client, q="审批结果")) == (
        '没有找到符合条件的政府信息，可以<a href="?q=%E5%AE%A1%E6%89%B9%E7%BB%93%E6%9E%9C'
        '&amp;scope=items">查看找到的公开事项</a>。'
    )
    # Only documents match: the items' group links the documents.
    assert empty_hint(search(client, q="先行救助", scope="items")) == (
        '没有找到符合条件的公开事项，可以<a href="?q=%E5%85%88%E8%A1%8C%E6%95%91%E5%8A%A9'
        '&amp;scope=publications">查看找到的政府信息</a>。'
    )
    # Neither: no group is offered, in either.
    for response in (documents(client, q="zzzz"), search(client, q="zzzz", scope="items")):
        assert empty_hint(response) == "可以换一个关键词，或减少筛选条件再试。"


def test_each_group_pages_on_its_own(client):
    domain = make_domain(slug="many")
    for number in range(1, 24):
        make_item(domain=domain, level1="最低生活保障", level2=f"事项{number}")
    column = make_column()
    for day in range(1, 26):
        make_publication(column=column, title=f"低保公示{day}", published_on=d(2026, 1, day))

    first = documents(client, q="低保")
    html = first.content.decode()
    assert len(found_publications(first)) == 20
    assert "第 1 页，共 2 页" in html
    assert 'href="?q=%E4%BD%8E%E4%BF%9D&amp;scope=publications&amp;page=2"' in html
    second = documents(client, q="低保", page=2)
    assert len(found_publications(second)) == 5
    assert not set(found_publications(first)) & set(found_publications(second))
    assert found(second) == []

    items = search(client, q="低保", page=2)
    assert len(found(items)) == 3 and found_publications(items) == []
    # The switch starts the other group on its first page.
    assert 'href="?q=%E4%BD%8E%E4%BF%9D&amp;scope=publications"' in items.content.decode()
    assert "没有第 3 页：共 2 页" in documents(client, q="低保", page=3).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "低保", "scope": "everything"}, "没有这个搜索范围"),
        ({"q": "低保", "scope": "publications", "page": "0"}, "页码应当是正整数"),
        ({"q": "低保", "scope": "publications", "page": "x"}, "页码应当是正整数"),
        ({"q": "低保", "scope": "publications", "page": "99"}, "没有第 99 页"),
        ({"q": "低保", "scope": "publications", "domain": "nowhere"}, "没有这个领域"),
    ],
)
def test_bad_parameters_give_a_message_and_no_documents(client, library, params, message):
    response = search(client, **params)
    html = response.content.decode()
    assert response.status_code == 200
    assert found_publications(response) == [] and found(response) == []
    assert NO_RESULTS_MESSAGE in html and message in html


# Filters


def test_the_domain_reaches_documents_through_the_items_they_name(client):
    assistance = make_domain(name="社会救助", slug="social-assistance")
    elderly = make_domain(name="养老服务", slug="elderly-care")
    dibao = make_item(domain=assistance, level1="最低生活保障")
    subsidy = make_item(domain=elderly, level1="老年人补贴")
    hidden = make_item(domain=elderly, level1="草稿事项", status=DisclosureItem.Status.DRAFT)
    shared = make_column(name="部门文件")
    for_dibao = make_publication(column=shared, title="通知一", items=[dibao])
    for_both = make_publication(column=shared, title="通知二", items=[dibao, subsidy])
    for_elderly = make_publication(column=shared, title="通知三", items=[subsidy])
    make_publication(column=shared, title="通知四", items=[hidden])  # an unpublished item's
    make_publication(column=shared, title="通知五")  # naming no item

    assert found_publications(documents(client, q="通知", domain="social-assistance")) == [
        for_both.pk,
        for_dibao.pk,
    ]
    assert found_publications(documents(client, q="通知", domain="elderly-care")) == [
        for_elderly.pk,
        for_both.pk,
    ]
    # A domain alone lists its documents, each once.
    response = documents(client, domain="elderly-care")
    assert found_publications(response) == [for_elderly.pk, for_both.pk]
    assert "列出对应该领域公开事项的政府信息" in response.content.decode()


def test_item_only_filters_leave_documents_unfiltered_and_say_so(client, library):
    website = Channel.objects.get_or_create(name="政府网站", defaults={"is_standard": True})[0]
    response = documents(client, q="先行救助", channel=website.pk, mode="on_request")
    assert found_publications(response) == [library["relief"].pk]
    assert (
        "筛选条件“公开渠道、公开方式”只适用于公开事项，政府信息未按这些条件筛选。"
        in response.content.decode()
    )


def test_item_only_filters_without_a_query_search_items_alone(client, library):
    item = make_item(mode_proactive=False, mode_on_request=True)
    response = documents(client, mode="on_request")
    html = response.content.decode()
    assert found(response) == [item.pk] and found_publications(response) == []
    assert (
        '<h2 id="results-title" class="result-count">找到 <strong>1</strong> 个公开事项</h2>'
        in html
    )
    assert "result-tabs" not in html
    assert "政府信息按关键词或领域查找" in html


def test_the_filter_panel_says_which_filters_reach_documents(client):
    html = client.get(reverse("catalogue:search")).content.decode()
    panel = re.search(r'<details class="search-filters"[^>]*>(.*?)</details>', html, re.S).group(1)
    assert (
        "领域也用于筛选政府信息（按信息对应的公开事项）；渠道、对象、方式、层级只筛选公开事项。"
        in panel
    )


# Queries


def test_document_search_queries_do_not_grow_with_the_results(
    client, django_assert_max_num_queries
):
    column = make_column()

    def add(count, start):
        for n in range(start, start + count):
            make_publication(column=column, title=f"低保公示{n}", published_on=d(2026, 1, 5))

    add(2, 0)
    with django_assert_max_num_queries(11) as small:  # with the content version's dates, the unit
        assert len(found_publications(documents(client, q="低保"))) == 2
    add(48, 2)
    with django_assert_max_num_queries(len(small)):
        response = documents(client, q="低保")
    assert len(found_publications(response)) == 20
    assert "<strong>50</strong> 条政府信息" in response.content.decode()


def test_matching_labels_columns_and_numbers_is_one_count_and_one_page_query(client):
    column = make_column(name="其他解读")

    def add(count):
        for n in range(count):
            make_publication(
                column=column,
                title=f"问答{n}",
                document_number=f"示民解〔2026〕{n}号",
                body="| 项目 | 标准 |\n| --- | --- |\n| 城市 | 850 |",
                interpretation_form=Publication.InterpretationForm.QA,
            )

    def run():
        with CaptureQueriesContext(connection) as queries:
            response = documents(client, q="政策解读 示民解[2026] 其他解读")
        own = [q["sql"] for q in queries.captured_queries if "publications_publication" in q["sql"]]
        counts = [sql for sql in own if sql.startswith('SELECT COUNT(*) AS "__count" FROM "publ')]
        pages = [sql for sql in own if sql.startswith('SELECT "publications_publication"."id"')]
        assert len(counts) == 1 and len(pages) == 1
        return response, len(queries)

    add(2)
    response, small = run()
    assert len(found_publications(response)) == 2
    add(40)
    response, large = run()
    assert len(found_publications(response)) == 20 and large == small


@pytest.mark.parametrize(
    "query",
    ["%", "_", "\\", "%_%", "<script>alert(1)</script>", "〔" * 100, "低" * 100, "[()]"],
)
def test_hostile_queries_match_literally_and_are_escaped(client, library, query):
    for scope in ("items", "publications"):
        response = search(client, q=query, scope=scope)
        html = response.content.decode()
        assert response.status_code == 200
        assert found(response) == [] and found_publications(response) == []
        assert "<script>alert(1)" not in html


@pytest.mark.parametrize("query", ["民办函[2019]52号", "民办函(2019)52号", "民办函（2019）52号"])
def test_a_number_cited_in_a_body_is_found_whatever_brackets_are_typed(client, query):
    citing = make_publication(
        title="最低生活保障审核确认办法实施细则", body="根据民办函〔2019〕52号，制定本细则。"
    )
    make_publication(title="临时救助资金发放情况", body="根据民办函〔2019〕53号。")
    response = documents(client, q=query)
    assert found_publications(response) == [citing.pk]
    assert "<mark>民办函〔2019〕52号</mark>" in result_of(response.content.decode(), citing)
