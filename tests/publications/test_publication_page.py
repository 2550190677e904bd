"""The publication page: metadata block, title, body, attachments, validity, drafts, queries."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalogue.models import DisclosureItem
from publications.models import Attachment, Publication
from tests.admin_pages import page_text
from tests.factories import make_column, make_item, make_publication
from tests.publications import files

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def attach(publication, data, name, title=""):
    return Attachment.objects.create(
        publication=publication, title=title, file=ContentFile(data, name=name)
    )


@pytest.fixture
def column():
    root = make_column(name="政府信息公开", owner_kind="none", frequency="")
    parent = make_column(name="法定主动公开内容", parent=root, owner_kind="none", frequency="")
    return make_column(name="政策文件", parent=parent, number=73)


@pytest.fixture
def publication(column):
    return make_publication(
        column=column,
        title="关于进一步做好城乡低保工作的通知",
        issuer="示范县民政局",
        written_on=datetime.date(2026, 3, 2),
        published_on=datetime.date(2026, 3, 5),
        document_number="示民〔2026〕12号",
        topic=Publication.Topic.SOCIAL_ASSISTANCE,
        body="# 一、保障范围\n\n户籍在本县的困难家庭。\n申请人应如实申报。\n\n## （一）条件\n\n详见附件。",
    )


def test_metadata_block_is_a_table_with_caption_and_row_headers(client, publication):
    response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    page = page_text(response)
    assert '<table class="publication-meta"> <caption>信息索引</caption>' in page
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', page)
    assert [label for label, _ in rows] == [
        "索引号",
        "主题分类",
        "发布机构",
        "成文日期",
        "发布日期",
        "文号",
        "有效性",
        "公开方式",
    ]
    values = dict(rows)
    assert values["索引号"] == publication.index_number
    assert re.fullmatch(r"\w+/202603-\d{5}", publication.index_number)
    assert values["主题分类"] == "社会救助"
    assert values["发布机构"] == "示范县民政局"
    assert values["成文日期"] == '<time datetime="2026-03-02">2026年3月2日</time>'
    assert values["发布日期"] == '<time datetime="2026-03-05">2026年3月5日</time>'
    assert values["文号"] == "示民〔2026〕12号"
    assert values["有效性"] == "有效"
    assert values["公开方式"] == "主动公开"


def test_title_body_and_headings_in_order(client, publication):
    page = html(client.get(publication.get_absolute_url()))
    assert "<title>关于进一步做好城乡低保工作的通知 - " in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="关于进一步做好城乡低保工作的通知 - ' in page
    assert '<meta property="og:description" content="一、保障范围 户籍在本县的困难家庭。' in page
    assert "<h1>关于进一步做好城乡低保工作的通知</h1>" in page
    assert "<p>户籍在本县的困难家庭。<br>\n申请人应如实申报。</p>" in page
    main = page[page.index('<main id="main"') :]
    assert re.findall(r"<h(\d)", main) == ["1", "2", "3", "2"]  # body h2/h3, 相关公开事项
    # The metadata block comes first, as on every government document page.
    assert main.index("信息索引") < main.index("<h1>")


def test_breadcrumb_runs_through_the_column_tree(client, publication, column):
    page = page_text(client.get(publication.get_absolute_url()))
    crumbs = page[page.index('<nav class="breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    names = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li[^>]*>(.*?)</li>", crumbs)]
    assert names == [
        "首页",
        "栏目",
        "政府信息公开",
        "法定主动公开内容",
        "政策文件",
        publication.title,
    ]
    assert f'<a href="{column.get_absolute_url()}">政策文件</a>' in crumbs
    assert f'<a href="{column.parent.get_absolute_url()}">法定主动公开内容</a>' in crumbs
    assert '<li aria-current="page">关于进一步做好城乡低保工作的通知</li>' in crumbs


def test_attachments_show_name_type_size_and_download_link(client, publication):
    pdf = attach(publication, files.pdf(), "notice.pdf", title="低保审批表")
    big = attach(publication, files.xlsx() + b"", "名单.xlsx", title="城乡低保名单")
    Attachment.objects.filter(pk=big.pk).update(size=3 * 1024 * 1024 + 200 * 1024)
    page = page_text(client.get(publication.get_absolute_url()))
    assert '<h2 id="attachments-title">附件</h2>' in page
    kb = f"{pdf.size / 1024:.1f} KB"
    assert (
        f'<li><a href="/publications/attachments/{pdf.pk}/">低保审批表</a> '
        f'<span class="meta">（PDF 文档，{kb}）</span></li>'
    ) in page
    assert (
        f'<li><a href="/publications/attachments/{big.pk}/">城乡低保名单</a> '
        '<span class="meta">（Excel 表格，3.2 MB）</span></li>'
    ) in page


def test_no_attachment_section_without_attachments(client, publication):
    assert "attachments-title" not in html(client.get(publication.get_absolute_url()))


def test_the_items_the_publication_names_are_listed(client, publication, column):
    shown = make_item(columns=[column], level1="最低生活保障", level2="低保政策文件")
    hidden = make_item(columns=[column], level2="草稿事项", status=DisclosureItem.Status.DRAFT)
    elsewhere = make_item(columns=[make_column()], level2="别的栏目")
    unnamed = make_item(columns=[column], level1="养老服务通用政策", level2="同栏目别的事项")
    publication.items.set([shown, hidden])
    page = page_text(client.get(publication.get_absolute_url()))
    assert "本信息对应以下公开事项：" in page
    # Same column, but this document does not fulfil it.
    assert unnamed.get_absolute_url() not in page
    assert '<h2 id="related-title">相关公开事项</h2>' in page
    assert f'<a href="{shown.get_absolute_url()}">{shown.name}</a>' in page
    assert hidden.get_absolute_url() not in page
    assert elsewhere.get_absolute_url() not in page


def test_related_items_say_so_when_none(client, publication, column):
    make_item(columns=[column])
    assert "本信息未标明对应的公开事项。" in html(client.get(publication.get_absolute_url()))


def test_valid_publication_has_no_validity_notice(client, publication):
    assert 'role="note"' not in html(client.get(publication.get_absolute_url()))


def test_repealed_publication_says_so_at_the_top(client, column):
    old = make_publication(column=column, title="旧办法", validity=Publication.Validity.REPEALED)
    page = page_text(client.get(old.get_absolute_url()))
    notice = re.search(r'<div class="validity-note" role="note">(.*?)</div>', page).group(1)
    assert "本文件已废止" in notice
    assert notice and page.index("validity-note") < page.index("信息索引")
    assert '<th scope="row">有效性</th><td>已废止</td>' in page


def test_superseded_publication_links_its_successor(client, column):
    new = make_publication(column=column, title="示范县城乡低保实施办法（2026年修订）")
    old = make_publication(
        column=column,
        title="示范县城乡低保实施办法",
        validity=Publication.Validity.SUPERSEDED,
        superseded_by=new,
    )
    page = page_text(client.get(old.get_absolute_url()))
    link = f'<a href="{new.get_absolute_url()}">示范县城乡低保实施办法（2026年修订）</a>'
    notice = re.search(r'<div class="validity-note" role="note">(.*?)</div>', page).group(1)
    assert "本文件已被替代" in notice and link in notice
    assert f'<th scope="row">有效性</th><td>已被替代（现行文件：{link}）</td>' in page


def test_a_draft_successor_is_not_linked_for_the_public(staff_client, column):
    new = make_publication(column=column, title="新办法", status=Publication.Status.DRAFT)
    old = make_publication(
        column=column, title="旧办法", validity=Publication.Validity.SUPERSEDED, superseded_by=new
    )
    public = html(Client().get(old.get_absolute_url()))
    assert "本文件已被替代" in public
    assert new.get_absolute_url() not in public
    assert new.get_absolute_url() in html(staff_client.get(old.get_absolute_url()))


def test_draft_is_404_for_the_public(client, column):
    draft = make_publication(column=column, status=Publication.Status.DRAFT)
    assert draft.index_number == ""
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_draft_is_404_for_staff_without_view_permission(client, column, django_user_model):
    draft = make_publication(column=column, status=Publication.Status.DRAFT)
    clerk = django_user_model.objects.create_user("clerk2", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(draft.get_absolute_url()).status_code == 404
    clerk.user_permissions.add(Permission.objects.get(codename="view_publication"))
    assert client.get(draft.get_absolute_url()).status_code == 404  # no office owns it for them
    clerk.user_permissions.add(Permission.objects.get(codename="manage_all_offices"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200


def test_draft_is_shown_to_staff_with_a_banner(staff_client, column):
    draft = make_publication(column=column, title="拟发布的通知", status=Publication.Status.DRAFT)
    page = page_text(staff_client.get(draft.get_absolute_url()))
    assert '<span class="badge badge-draft">草稿（未发布）</span>' in page
    assert '<th scope="row">索引号</th><td>（发布时生成）</td>' in page
    assert "<h1>拟发布的通知</h1>" in page


def test_unknown_publication_is_404(client):
    assert client.get("/publications/999999/").status_code == 404


def test_raw_html_in_the_body_never_reaches_the_page(client, column):
    publication = make_publication(
        column=column, body="<script>alert(1)</script>\n\n[办理](javascript:alert(2))"
    )
    page = html(client.get(publication.get_absolute_url()))
    assert "<script>alert" not in page
    body = page.split('<div class="publication-body">', 1)[1].split("</div>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<a " not in body


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_staff", [False, True])
def test_query_count_does_not_grow_with_attachments(client, staff_user, column, as_staff):
    if as_staff:
        client.force_login(staff_user)
    make_item(columns=[column])
    one = make_publication(column=column)
    attach(one, files.png(), "a.png")
    twenty = make_publication(column=column, status=Publication.Status.DRAFT)
    for n in range(20):
        attach(twenty, files.pdf(), f"附件{n}.pdf")
    if not as_staff:
        twenty.status = Publication.Status.PUBLISHED
        twenty.save()
    expected = count_queries(client, one.get_absolute_url())
    # The content version (and its dates, to store the page), the unit, the page, attachments,
    # related items, interpretations and interpreted policies.
    assert expected <= (10 if not as_staff else 11)
    assert count_queries(client, twenty.get_absolute_url()) == expected
    assert html(client.get(twenty.get_absolute_url())).count("/publications/attachments/") == 20
