"""What elderly and phone readers see: a header that stays, large text, short cards, folded filters."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


def test_desktop_table_keeps_its_header_and_group_name_in_view(site, page):
    page.goto(site + "/catalogue/social-assistance/")
    table = page.locator("table.catalogue-table")
    sizes = table.locator("td").evaluate_all(
        "cells => cells.map(c => parseFloat(getComputedStyle(c).fontSize))"
    )
    assert min(sizes) >= 17, min(sizes)

    # Scroll into the middle of the second group (最低生活保障, 4 rows).
    group = table.locator("tbody.catalogue-group").nth(1)
    third_row = group.locator("tr[data-item-id]").nth(2)
    third_row.scroll_into_view_if_needed()
    page.evaluate("y => window.scrollBy(0, y)", third_row.bounding_box()["y"] - 300)
    head = table.locator("thead").bounding_box()
    assert -2 <= head["y"] <= 0, head  # stuck to the top of the window
    name = group.locator(".level1-name").bounding_box()
    assert head["y"] + head["height"] <= name["y"] < 900, (head, name)

    # The 13 channels run two per line: 政府网站 and 政府公报 share a line.
    cell = third_row.locator(".channel-marks")
    first, second = (cell.locator("li").nth(i).bounding_box() for i in (0, 1))
    assert first["y"] == second["y"] and first["x"] < second["x"]


def test_phone_cards_show_chosen_channels_and_one_line_per_tick_set(site, new_context):
    page = new_context(**PHONE).new_page()
    page.goto(site + "/catalogue/social-assistance/")
    row = page.locator("tr[data-item-id]").first
    expect(row.locator(".channel-on").first).to_be_visible()
    expect(row.locator(".channel-off").first).to_be_hidden()
    expect(row.locator(".channel-rest")).to_have_text(
        "其余渠道未选用（标准渠道共 13 种，本事项选用 3 种）"
    )
    # No √ shows: a set's first cell holds its summary, the other cells are hidden.
    expect(row.locator("td.tick .tick-mark").first).to_be_hidden()
    expect(row.locator("td.tick:not(.tick-first)").first).to_be_hidden()
    expect(row.locator(".tick-summary")).to_have_count(3)
    expect(row.locator(".tick-summary").nth(2)).to_be_visible()
    level = row.locator(".tick-summary").nth(2)
    label = level.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert (label, level.inner_text()) == ('"公开层级："', "县级、乡级")

    # The contents jump to a group; the group ends with a way back.
    page.locator(".catalogue-contents").get_by_role("link", name="临时救助").click()
    expect(page).to_have_url(site + "/catalogue/social-assistance/#group-4")
    group = page.locator("#group-4")
    assert 0 <= group.bounding_box()["y"] < 100
    group.get_by_role("link", name="返回顶部").click()
    expect(page).to_have_url(site + "/catalogue/social-assistance/#top")


def test_phone_search_shows_results_first_and_marks_bad_fields(site, new_context):
    page = new_context(**PHONE).new_page()
    page.goto(site + "/search/?q=低保")
    filters = page.locator("details.search-filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.get_by_label("公开渠道")).to_be_hidden()
    first = page.locator(".result").first
    title = first.locator("h3").bounding_box()
    assert title["y"] + title["height"] < 812, (
        "the first result's title should be on the first screen"
    )
    # The two counts are on the tabs; the sentence that repeats them is for screen readers.
    tabs = page.get_by_role("navigation", name="搜索结果分类").get_by_role("link")
    expect(tabs).to_have_text([re.compile(r"公开事项 \d+ 个"), re.compile(r"政府信息 \d+ 条")])
    expect(tabs.first).to_have_attribute("aria-current", "page")
    assert page.locator(".result-count").bounding_box()["height"] <= 1
    expect(page.locator(".result-count")).to_have_accessible_name(
        re.compile(r"找到 \d+ 个公开事项")
    )

    page.goto(site + "/search/?q=低保&channel=abc")
    expect(filters).to_have_attribute("open", "")
    channel = page.get_by_label("公开渠道")
    expect(channel).to_be_visible()
    expect(channel).to_have_attribute("aria-invalid", "true")
    expect(channel).to_have_css("border-top-color", "rgb(176, 0, 32)")
    expect(channel).to_have_accessible_description("没有这个公开渠道，请从列表中选择。")
    page.get_by_role("alert").get_by_role("link", name="没有这个公开渠道，请从列表中选择。").click()
    assert page.url.endswith("#id_channel")


@pytest.mark.parametrize("care", ["", "1", "2"], ids=["normal", "care", "care-large"])
def test_a_publication_table_stays_readable_on_a_phone(site, new_context, care):
    """A masked ID stays on one line, cells keep several characters, the table scrolls alone."""
    from publications.models import Publication

    context = new_context(**PHONE)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    names = Publication.objects.filter(body__contains="341802********1234").get()
    page.goto(site + names.get_absolute_url())

    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    region = page.get_by_role("region", name="表1")
    expect(region).to_be_visible()
    expect(region.locator("caption")).to_contain_text("左右滑动可查看全表")
    # The ID number: one line box, not "341802**" over four lines.
    lines = region.evaluate(
        """region => {
            const cell = [...region.querySelectorAll('td')]
                .find(td => td.textContent.includes('341802'));
            const range = document.createRange();
            range.selectNodeContents(cell);
            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return tops.size;
        }"""
    )
    assert lines == 1
    narrowest = region.evaluate(
        """region => Math.min(...[...region.querySelectorAll('th, td')].map(cell =>
            cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize)))"""
    )
    assert narrowest >= 5, narrowest  # at least five characters a line
    # Wider than the phone: it scrolls in its own region, from the keyboard too.
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.body-table').scrollLeft > 0", timeout=3000
    )


def line_count(page, selector):
    """How many lines the text of the first element matching `selector` takes."""
    return page.evaluate(
        """selector => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
        }""",
        selector,
    )


@pytest.mark.parametrize("care", ["1", "2"], ids=["care", "care-large"])
def test_care_mode_header_and_search_fit_a_phone(site, new_context, care):
    context = new_context(**PHONE)
    context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    page.goto(site + "/")
    assert line_count(page, ".site-name-sub") == 1
    assert line_count(page, ".site-name-bureau") == 1
    # The whole placeholder is visible in the search box.
    fits = page.locator(".search-row input").evaluate(
        """input => {
            const style = getComputedStyle(input);
            const canvas = document.createElement('canvas').getContext('2d');
            canvas.font = `${style.fontSize} ${style.fontFamily}`;
            const text = canvas.measureText(input.placeholder).width;
            const room = input.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return [text, room];
        }"""
    )
    assert fits[0] <= fits[1], fits
