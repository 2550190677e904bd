"""
WCAG 2.1 AA on every public page, checked by axe-core in headless Chromium, in the normal view
and in 关怀版; 关怀版 also meets 7:1 text contrast and 44×44 px targets. Then the keyboard alone,
the display switches, and 375 px in Traditional and extra-large type.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from catalogue.models import Domain
from publications.models import Publication
from tests.browser import axe
from tests.public_pages import public_pages

pytestmark = pytest.mark.browser


def open_page(new_context, site, care):
    # axe is injected as a script the page's Content-Security-Policy would refuse; the policy
    # itself is checked in tests/audit.
    context = new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    return context.new_page()


@pytest.mark.parametrize("care", ["", "1", "2"], ids=["normal", "care", "care-large"])
def test_every_public_page_passes_wcag_21_aa(site, new_context, settings, axe_ready, care):
    settings.DEBUG = False  # the real 404 template
    page = open_page(new_context, site, care)
    found = {}
    for name, path in public_pages().items():
        response = page.goto(site + path)
        assert response.status == (404 if name == "404" else 200), name
        if care:
            assert "care" in page.locator("body").get_attribute("class"), name
        passed, violations = axe.violations(page, care=bool(care))
        # axe really ran: the rules behind the list were checked and passed.
        assert {"html-has-lang", "color-contrast", "bypass", "landmark-one-main"} <= passed, (
            name,
            passed,
        )
        if violations:
            found[name] = violations
    assert found == {}


@pytest.mark.parametrize("care", ["", "2"], ids=["normal", "care-large"])
def test_search_switches_to_documents_and_follows_a_pair_without_javascript(
    site, new_context, care
):
    context = new_context(
        java_script_enabled=False,
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    )
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    page.goto(site + "/search/?q=高龄津贴")
    expect(page.locator("#results-title")).to_contain_text("个公开事项")
    expect(page.locator("#results-title")).to_contain_text("条政府信息")
    tabs = page.get_by_role("navigation", name="搜索结果分类")
    expect(tabs.locator('[aria-current="page"]')).to_contain_text("公开事项")
    tabs.get_by_role("link", name=re.compile("政府信息")).click()
    expect(tabs.locator('[aria-current="page"]')).to_contain_text("政府信息")
    assert "scope=publications" in page.url

    policy = Publication.objects.get(title="示范县高龄津贴发放办法")
    result = page.locator(f'.result[data-publication-id="{policy.pk}"]')
    expect(result.locator("h3")).to_have_text("示范县高龄津贴发放办法")
    expect(result.locator(".publication-facts")).to_contain_text(policy.index_number)
    expect(result.locator(".excerpt mark").first).to_have_text("高龄津贴")
    result.get_by_role("link", name=re.compile("简明问答")).click()
    expect(page.locator("h1")).to_contain_text("简明问答")
    expect(page.get_by_role("link", name="示范县高龄津贴发放办法")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, id: el.id, text: el.textContent.trim().slice(0, 30),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_to(page, matches, limit=60):
    """Press Tab until the focused element matches; every stop must show a visible focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outline"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def test_search_filters_by_keyboard_alone(site, page):
    page.goto(site + "/search/")
    first = tab_to(page, lambda f: True)
    assert first["text"] == "跳到主要内容"  # the skip link comes first
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["id"] == "id_q")
    page.keyboard.type("救助")

    # The folded filters open with the keyboard; each select is reached and changed by keys.
    tab_to(page, lambda f: f["tag"] == "SUMMARY")
    page.keyboard.press("Enter")
    expect(page.locator("details.search-filters")).to_have_attribute("open", "")
    tab_to(page, lambda f: f["id"] == "id_domain")
    page.keyboard.press("ArrowDown")  # 全部领域 → the first domain
    for field in ("id_channel", "id_audience", "id_mode", "id_level"):
        tab_to(page, lambda f, field=field: f["id"] == field)
    tab_to(page, lambda f: f["text"] == "按条件筛选")
    page.keyboard.press("Enter")

    domain = Domain.objects.order_by("pk").first()
    expect(page.locator("#results-title")).to_contain_text("找到")
    assert f"domain={domain.pk}" in page.url or f"domain={domain.slug}" in page.url, page.url
    expect(page.locator(".result-list .result .meta").first).to_contain_text(domain.name)
    # The first result is reachable from the results heading onwards.
    tab_to(
        page,
        lambda f: f["tag"] == "A" and "/items/" in page.evaluate("document.activeElement.href"),
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_care_mode_switch_is_remembered_and_goes_back(site, new_context, javascript):
    context = new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    domain = Domain.objects.order_by("pk").first()
    page.goto(site + domain.get_absolute_url())
    body_size = "() => parseFloat(getComputedStyle(document.body).fontSize)"
    normal = page.evaluate(body_size) if javascript else None

    switches = page.get_by_role("navigation", name="显示方式")
    switches.get_by_role("link", name="关怀版").click()
    expect(page).to_have_url(site + domain.get_absolute_url())
    expect(page.locator("body")).to_have_class(re.compile(r"\bpage-catalogue care care-1$"))
    cookie = next(c for c in context.cookies() if c["name"] == "care")
    assert cookie["value"] == "1" and cookie["sameSite"] == "Lax"
    assert cookie["expires"] > time.time() + 360 * 24 * 3600

    # Remembered on the next page; a further step up; then back to normal.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="搜索").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\bcare care-1$"))
    if javascript:
        assert page.evaluate(body_size) >= 20 > normal
        line_height = page.evaluate("() => getComputedStyle(document.body).lineHeight")
        assert float(line_height.removesuffix("px")) >= 1.5 * 20
    switches.get_by_role("link", name="特大字").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\bcare care-2$"))
    if javascript:
        assert page.evaluate(body_size) >= 24
    switches.get_by_role("link", name="退出关怀版").click()
    expect(page).to_have_url(site + "/search/")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bcare\b"))
    assert "care" not in {c["name"] for c in context.cookies()}


def test_traditional_switch_converts_pages_and_search_takes_either_script(site, page):
    page.goto(site + "/")
    page.get_by_role("navigation", name="显示方式").get_by_role("link", name="繁體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator(".domain-card").first).to_contain_text("社會救助")
    # The search box takes Traditional (and Simplified) text alike.
    search_box = page.get_by_role("searchbox", name="關鍵詞")
    search_box.fill("養老")
    search_box.press("Enter")
    expect(page.locator("#results-title")).to_contain_text("找到")
    expect(page.locator(".result-list").first).to_contain_text("養老")
    page.get_by_role("navigation", name="顯示方式").get_by_role("link", name="簡體").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("#results-title")).to_contain_text("找到")
    expect(page.get_by_role("searchbox", name="关键词")).to_have_value("養老")


@pytest.mark.parametrize("care", ["", "2"], ids=["normal", "care-large"])
def test_no_page_scrolls_sideways_at_375px(site, new_context, settings, care):
    settings.DEBUG = False
    context = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    cookies = [{"name": "script", "value": "hant", "url": site}]
    if care:
        cookies.append({"name": "care", "value": care, "url": site})
    context.add_cookies(cookies)
    page = context.new_page()
    too_wide = {}
    for name, path in public_pages().items():
        page.goto(site + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            too_wide[name] = width
    assert too_wide == {}
