"""
The public forms as a screen reader and a browser meet them: 依申请公开 (application and status
lookup), 留言 and 意见征集. Every description an input points at exists, errors are summed up at
the top naming their fields, limits are stated and enforced, and Django's own texts never show.
"""

import datetime
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from tests.factories import make_column, make_office, make_publication

pytestmark = pytest.mark.django_db
DJANGO_TEXTS = ("这个字段是必填项", "空字符串", "确保该变量", "---------", "选择一个有效的选项")


class Page(HTMLParser):
    """The ids of a page, the attributes of its elements, and the links of its error summary."""

    def __init__(self, html):
        super().__init__()
        self.ids = Counter()
        self.elements = []
        self.summary_links = []
        self._summary_depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        self.elements.append((tag, attrs))
        if "error-summary" in (attrs.get("class") or "").split():
            self._summary_depth = 1
        elif self._summary_depth and tag == "div":
            self._summary_depth += 1
        elif self._summary_depth and tag == "a":
            self.summary_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._summary_depth and tag == "div":
            self._summary_depth -= 1

    def described_by(self):
        return [
            (tag, attrs.get("name"), ref)
            for tag, attrs in self.elements
            for ref in (attrs.get("aria-describedby") or "").split()
        ]

    def invalid(self):
        return {attrs.get("name") for _, attrs in self.elements if attrs.get("aria-invalid")}


def open_consultation():
    today = timezone.localdate()
    return Consultation.objects.create(
        title="养老服务补贴办法（征求意见稿）",
        notice=make_publication(make_column(name="意见征集", number=5), title="征求意见公告"),
        office=make_office(),
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=30),
    )


def form_url(form):
    if form == "comment":
        return open_consultation().get_absolute_url()
    return {
        "apply": reverse("inforequests:apply"),
        "lookup": reverse("inforequests:status"),
        "message": reverse("inquiries:message-form"),
    }[form]


# What each form refuses when posted empty but for one field given something wrong.
INVALID = {
    "apply": {"applicant_type": "citizen", "phone": "12", "postcode": "abc"},
    "lookup": {"code": "", "digits": "12"},
    "message": {"subject": "高龄津贴", "contact": "x"},
    "comment": {"name": "", "contact": "abc", "body": ""},
}
FORMS = list(INVALID)


@pytest.mark.parametrize("form", FORMS)
def test_every_description_an_input_names_is_on_the_page(client, form):
    url = form_url(form)
    for response in (client.get(url), client.post(url, INVALID[form])):
        page = Page(response.content.decode())
        refs = page.described_by()
        assert refs, "the fields have hints or errors to describe them"
        missing = [(tag, name, ref) for tag, name, ref in refs if page.ids[ref] != 1]
        assert missing == [], f"{response.request['REQUEST_METHOD']}: {missing}"


@pytest.mark.parametrize("form", FORMS)
def test_errors_are_summed_up_at_the_top_naming_and_linking_their_fields(client, form):
    url = form_url(form)
    response = client.post(url, INVALID[form])
    html = response.content.decode()
    page = Page(html)
    assert 'role="alert"' in html and "（已填写的内容均已保留）" in html
    assert html.index("error-summary") < html.index("<form")
    assert page.summary_links, "each error links to its field"
    for link in page.summary_links:
        assert page.ids[link.removeprefix("#")] == 1, link
    # Each invalid field is marked and named in the summary, and its error is described.
    targets = {link.removeprefix("#id_").removesuffix("_0") for link in page.summary_links}
    assert page.invalid() == targets
    for _, name, ref in page.described_by():
        if name in targets and ref.endswith("_error"):
            targets.discard(name)
    assert targets <= {"applicant_type", "form_wanted", "delivery"}  # fieldsets carry theirs
    for text in DJANGO_TEXTS:
        assert text not in html


def test_the_summary_names_the_field_of_each_message(client):
    html = client.post(form_url("message"), INVALID["message"]).content.decode()
    assert '<a href="#id_question">留言内容：请填写留言内容。</a>' in html
    assert '<a href="#id_contact">联系方式：联系方式应为电话号码' in html
    html = client.post(form_url("comment"), INVALID["comment"]).content.decode()
    assert '<a href="#id_body">意见内容：请填写意见内容。</a>' in html
    assert 'value="abc"' in html  # what was typed is kept


# One text field of each form and the label its messages name.
TEXT_FIELDS = [
    ("apply", "name", "姓名或名称"),
    ("apply", "description", "所需信息的内容描述"),
    ("lookup", "code", "查询码"),
    ("message", "question", "留言内容"),
    ("message", "contact", "联系方式"),
    ("comment", "name", "姓名"),
    ("comment", "body", "意见内容"),
]


@pytest.mark.parametrize(("form", "field", "label"), TEXT_FIELDS)
def test_a_nul_character_is_refused_before_the_form_with_a_chinese_page(client, form, field, label):
    # One guard for every request (sitewide.nul_guard): PostgreSQL cannot take a NUL anywhere.
    response = client.post(form_url(form), {**INVALID[form], field: "张\x00三"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "含有无法处理的字符" in html and "后退" in html
    assert "空字符串" not in html


def test_a_nul_character_in_the_search_is_refused_with_a_chinese_page(client):
    response = client.get("/search/?q=%00")
    assert response.status_code == 400
    assert "含有无法处理的字符" in response.content.decode()


@pytest.mark.parametrize(
    ("form", "field", "typed", "message"),
    [
        ("comment", "body", 6000, "意见内容不能超过 5000 字（现有 6000 字）。"),
        ("message", "question", 3100, "留言内容不能超过 3000 字（现有 3100 字）。"),
        ("message", "subject", 101, "主题不能超过 100 字（现有 101 字）。"),
        ("apply", "description", 3001, "所需信息的内容描述不能超过 3000 字（现有 3001 字）。"),
        ("lookup", "code", 31, "查询码不能超过 30 字（现有 31 字）。"),
    ],
)
def test_over_long_input_gets_a_message_naming_the_field(client, form, field, typed, message):
    html = client.post(form_url(form), {**INVALID[form], field: "字" * typed}).content.decode()
    assert message in html and "确保" not in html
    assert "字" * typed in html  # kept, to be shortened


@pytest.mark.parametrize("form", FORMS)
def test_the_browser_stops_typing_at_each_limit_and_text_areas_state_it(client, form):
    html = client.get(form_url(form)).content.decode()
    page = Page(html)
    fields = [
        attrs
        for tag, attrs in page.elements
        if tag == "textarea"
        or (
            tag == "input" and attrs.get("type") in ("text", "email") and attrs["name"] != "website"
        )
    ]
    assert fields
    for attrs in fields:
        assert int(attrs.get("maxlength", 0)) > 0, attrs["name"]
    for tag, attrs in page.elements:
        if tag == "textarea":
            assert f"最多 {attrs['maxlength']} 字。" in html


def test_a_body_over_the_upload_limit_is_explained_in_chinese(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = client.post(
        reverse("inquiries:message-form"),
        {"subject": "高龄津贴", "question": "字" * 3000, "contact": "13812345678"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "填写的内容过多" in html and "后退" in html and 'lang="zh-CN"' in html
