"""
The public forms (意见征集 comments, 留言) on a 375 px phone in 关怀版: axe-clean before and after
a refused submission, submitted without JavaScript, nothing wider than the screen.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from columns.models import Column
from consultations.models import Comment, Consultation
from inquiries.models import Message
from offices.models import Office
from publications.models import Publication
from tests.browser.axe import (
    AXE,
    AXE_TAGS,
    RUN_AXE,
    RUN_ENHANCED_CONTRAST,
    SMALL_TARGETS,
)

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def open_consultation():
    today = timezone.localdate()
    notice = Publication.objects.create(
        column=Column.objects.get(number=5),
        title="关于公开征求《老年助餐服务管理办法（征求意见稿）》意见的公告",
        body="征求意见稿全文。",
        status=Publication.Status.PUBLISHED,
    )
    return Consultation.objects.create(
        title="老年助餐服务管理办法（征求意见稿）",
        notice=notice,
        office=Office.objects.order_by("order").first(),
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=29),
    )


def problems(page):
    """axe's WCAG 2.1 AA violations plus 关怀版's 7:1 contrast, 44 px targets and 375 px width."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    assert "color-contrast" in result["passed"]
    found = list(result["violations"])
    found += [{"id": "contrast below 7:1", "node": n} for n in page.evaluate(RUN_ENHANCED_CONTRAST)]
    found += [{"id": "target below 44x44", "node": n} for n in page.evaluate(SMALL_TARGETS)]
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if width > 375:
        found.append({"id": "wider than 375", "width": width})
    return found


@pytest.mark.parametrize("form", ["comment", "message"])
def test_the_form_on_a_phone_in_care_mode(site, new_context, settings, form):
    settings.DEBUG = False
    if form == "comment":
        url = open_consultation().get_absolute_url()
        fields = {"联系方式": "13800000000", "意见内容": "建议把助餐点延伸到行政村。"}
        button, done, model = "提交意见", "您的意见已收到", Comment
    else:
        url = "/messages/"
        fields = {"主题": "高龄津贴", "留言内容": "需要什么材料？", "联系方式": "13800000000"}
        button, done, model = "提交留言", "留言已提交", Message
    cookie = {"name": "care", "value": "1", "url": site}
    before = model.objects.count()  # the demo data has some

    # axe needs scripts: a page of its own, with the policy bypassed to inject it.
    checked = new_context(**PHONE, bypass_csp=True)
    checked.add_cookies([cookie])
    page = checked.new_page()
    page.goto(site + url)
    assert problems(page) == []
    page.get_by_role("button", name=button).click()  # empty: refused, with the messages
    expect(page.locator(".field-error").first).to_be_visible()
    assert problems(page) == []

    # The citizen's phone with JavaScript off: the form still works.
    plain = new_context(**PHONE, java_script_enabled=False)
    plain.add_cookies([cookie])
    page = plain.new_page()
    page.goto(site + url)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(done).first).to_be_visible()
    assert model.objects.count() == before + 1
    assert "13800000000" not in page.content()


def test_a_refused_message_is_summed_up_on_the_first_screen(
    live_server, transactional_db, new_context, axe_ready
):
    """An invalid 留言 at 375 px in 关怀版: the summary is seen and focused first, links to its fields."""
    site = live_server.url
    context = new_context(**PHONE, bypass_csp=True)
    context.add_cookies([{"name": "care", "value": "1", "url": site}])
    page = context.new_page()
    page.goto(site + "/messages/")
    page.get_by_label("主题").fill("高龄津贴")
    page.get_by_label("联系方式").fill("x")
    page.get_by_role("button", name="提交留言").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("留言未提交")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    # On the first screen of the page as loaded (the header above it is tall in 关怀版), and
    # brought wholly into view by its focus.
    first = summary.get_by_role("link", name="留言内容：请填写留言内容。")
    bottom_on_page = "(el) => el.getBoundingClientRect().bottom + window.scrollY"
    assert first.evaluate(bottom_on_page) <= PHONE["viewport"]["height"]
    expect(summary).to_be_in_viewport(ratio=1)
    expect(page.get_by_label("主题")).to_have_value("高龄津贴")
    expect(page.get_by_label("联系方式")).to_have_attribute("aria-invalid", "true")
    assert problems(page) == []

    summary.get_by_role("link", name="联系方式：联系方式应为电话号码").click()
    contact = page.get_by_label("联系方式")
    expect(contact).to_be_in_viewport()
    expect(contact).to_be_focused()
