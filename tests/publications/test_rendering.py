"""A publication's body as HTML: nothing a clerk types becomes markup, links stay harmless."""

import re

import pytest
from django.utils.safestring import SafeString

from publications.models import Publication
from publications.rendering import is_allowed_link, quotable_text, render_body


def tags(html, name):
    return re.findall(rf"<{name}\b[^>]*>", html)


def test_raw_script_is_shown_as_text():
    html = render_body('通知如下：<script>alert("x")</script>')
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_img_with_onerror_is_shown_as_text():
    html = render_body("<img src=x onerror=alert(1)>\n\n<div onclick='x()'>块</div>")
    assert tags(html, "img") == []
    assert tags(html, "div") == []
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "ftp://example.com/a",
    ],
)
def test_links_to_other_schemes_are_not_links(url):
    html = render_body(f"[点此办理]({url})")
    assert tags(html, "a") == []
    assert "点此办理" in html


def test_an_entity_cannot_smuggle_a_scheme():
    html = render_body("[办理](jav&#x09;ascript:alert(1))")
    hrefs = re.findall(r'href="([^"]*)"', html)
    # The decoded tab is percent-encoded again: a relative address, never a javascript: link.
    assert hrefs == ["jav%09ascript:alert(1)"]


def test_image_sources_follow_the_same_rule():
    html = render_body("![图](javascript:alert(1)) ![公示照片](https://mzj.example.gov.cn/a.png)")
    assert tags(html, "img") == ['<img src="https://mzj.example.gov.cn/a.png" alt="公示照片">']


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.cn/zhengce/",
        "http://mzj.example.gov.cn/a?b=1&c=2",
        "mailto:mzj@example.gov.cn",
        "/publications/3/",
        "../columns/",
        "#第二条",
    ],
)
def test_http_https_mailto_and_relative_links_are_kept(url):
    assert is_allowed_link(url)
    html = render_body(f"[链接]({url})")
    assert len(tags(html, "a")) == 1


def test_a_table_gets_header_scopes_a_caption_and_a_scrolling_region_named_by_it():
    html = render_body(
        "| 姓名 | 保障人数 | 月保障金（元） |\n|---|---:|---:|\n| 张*明 | 2 | 1260 |\n| 李*芳 | 1 | 630 |"
    )
    assert html.startswith(
        '<div class="body-table" role="region" aria-labelledby="body-table-1" tabindex="0">'
        '<table>\n<caption id="body-table-1">表1<span class="body-table-hint">'
        "（左右滑动可查看全表）</span></caption>"
    )
    assert len(tags(html, "th")) == 3
    assert all('scope="col"' in th for th in tags(html, "th"))
    assert "<td>张*明</td>" in html
    assert html.count("<tr>") == 3
    assert html.strip().endswith("</table>\n</div>")


def test_a_tables_caption_names_the_heading_it_stands_under():
    html = render_body(
        "## 发放标准\n\n| 年龄段 | 标准 |\n|---|---|\n| 80—89周岁 | 50 |\n\n"
        "## 其他 <b>\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |"
    )
    assert '<caption id="body-table-1">表1 发放标准<span' in html
    assert '<caption id="body-table-2">表2 其他 &lt;b&gt;<span' in html
    assert 'aria-labelledby="body-table-2"' in html


def test_plain_paragraphs_and_line_breaks():
    html = render_body("根据有关规定，现将名单公示如下。\n公示期为7天。\n\n特此公示。")
    assert html == (
        "<p>根据有关规定，现将名单公示如下。<br>\n公示期为7天。</p>\n<p>特此公示。</p>\n"
    )


def test_indented_text_pasted_from_word_is_a_paragraph_not_code():
    html = render_body("    为进一步做好城乡低保工作，\n    现通知如下：")
    assert "<pre" not in html and "<code" not in html
    assert "<p>为进一步做好城乡低保工作，<br>" in html


def test_headings_start_at_h2_and_never_skip_a_level():
    html = render_body("### 一、总则\n\n正文\n\n# 二、申请条件\n\n## （一）户籍\n\n###### 附")
    assert re.findall(r"<(h\d)>", html) == ["h2", "h2", "h3", "h4"]
    assert "<h1" not in html


def test_empty_body_is_empty():
    assert render_body("") == ""
    assert render_body("  \n ") == ""


def test_body_html_is_a_safe_string_on_the_model():
    publication = Publication(body="**重要**：<b>不是粗体</b>")
    html = publication.body_html
    assert isinstance(html, SafeString)
    assert "<strong>重要</strong>" in html
    assert "&lt;b&gt;不是粗体&lt;/b&gt;" in html


# The body as plain text, for the quote a search result shows


def test_quotable_text_drops_markdown_and_keeps_the_words():
    body = (
        "## 第一章　总则\n\n"
        "**第一条**　为规范[低保](https://example.gov.cn/a)审核，\n制定本细则。\n\n"
        "| 项目 | 标准 |\n| --- | --- |\n| 城市 | 800 元 |\n\n"
        "- 一是`申请`\n- 二是审核\n\n![流程图](flow.png)\n\n```\n代码  块\n```"
    )
    assert quotable_text(body) == (
        "第一章　总则 第一条　为规范低保审核， 制定本细则。 一是申请 二是审核 流程图 代码 块",
        [[("项目", "城市"), ("标准", "800 元")]],
    )


def test_quotable_text_keeps_raw_html_and_entities_as_the_text_they_show():
    text, _ = quotable_text("<script>alert(1)</script> &lt;b&gt; &amp; [点我](javascript:alert(2))")
    assert text == "<script>alert(1)</script> <b> & [点我](javascript:alert(2))"
    assert not isinstance(text, SafeString)  # whoever shows it must escape it


def test_quotable_text_of_an_empty_body_is_empty():
    assert quotable_text("") == ("", []) and quotable_text(" \n\n ") == ("", [])


def test_quotable_text_keeps_table_rows_apart_with_their_headers():
    body = (
        "开头**一段**。\n\n"
        "| 乡镇 | 人数 |\n| --- | --- |\n| 城关镇 | 698 |\n| 东山乡 |  |\n\n"
        "| | 备注 |\n| --- | --- |\n| 甲 | 乙 |\n\n"
        "结尾。"
    )
    prose, rows = quotable_text(body)
    assert prose == "开头一段。 结尾。"
    assert rows == [
        [("乡镇", "城关镇"), ("人数", "698")],
        [("乡镇", "东山乡"), ("人数", "")],
        [("", "甲"), ("备注", "乙")],
    ]
