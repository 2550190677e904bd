"""
A citizen on a 375 px phone in 关怀版 applies for information, gets a 查询码 and looks up the
status; axe-core finds nothing on the guide, the form (empty and with errors), the receipt, the
status page, the register and the statistics, and no page scrolls sideways.
"""

import pytest
from playwright.sync_api import expect

from tests.browser import axe

pytestmark = pytest.mark.browser

WIDTH = "() => ({width: window.innerWidth, scroll: document.documentElement.scrollWidth})"


def check(page, name, found):
    passed, violations = axe.violations(page, care=True)
    assert {"html-has-lang", "color-contrast", "landmark-one-main"} <= passed, name
    size = page.evaluate(WIDTH)
    if size["scroll"] > size["width"]:
        violations.append({"id": "wider than the phone", "nodes": [size]})
    if violations:
        found[name] = violations


def test_apply_and_look_up_on_a_phone_in_care_mode(
    live_server, transactional_db, new_context, axe_ready
):
    site = live_server.url
    context = new_context(
        viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    context.add_cookies([{"name": "care", "value": "1", "url": site}])
    page = context.new_page()
    found = {}

    page.goto(site + "/yisqgk/")
    expect(page.locator("h1")).to_have_text("依申请公开指南")
    check(page, "guide", found)

    page.get_by_role("link", name="网上申请").first.click()
    check(page, "form", found)
    page.get_by_role("radio", name="公民").check()
    page.get_by_label("姓名或名称").fill("钱七")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".alert-error")).to_contain_text("申请未提交")
    expect(page.get_by_label("姓名或名称")).to_have_value("钱七")
    check(page, "form with errors", found)

    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("34080219900101123X")
    page.get_by_label("联系电话").fill("13955552468")
    page.get_by_label("联系地址").fill("示范县和平路3号")
    page.get_by_label("所需信息的内容描述").fill("2026年高龄津贴发放标准")
    page.get_by_role("radio", name="电子", exact=True).check()
    page.get_by_role("radio", name="电子邮件", exact=True).check()
    page.get_by_label("我已知悉").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("h1")).to_have_text("政府信息公开申请回执")
    code = page.locator(".query-code").inner_text().strip()
    assert len(code) == 12
    check(page, "receipt", found)

    page.get_by_role("link", name="查询办理状态").click()
    page.get_by_label("查询码").fill(code.lower())
    page.get_by_label("联系电话后4位").fill("2468")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("h1")).to_have_text("申请办理状态")
    expect(page.locator("main")).to_contain_text("办理中")
    check(page, "status", found)

    for name, path in (("register", "/yisqgk/register/"), ("statistics", "/yisqgk/statistics/")):
        page.goto(site + path)
        check(page, name, found)
    assert found == {}
