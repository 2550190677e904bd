"""A citizen's way through the portal in a real browser: home, catalogue, search, item, column."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Channel, DisclosureItem
from columns.models import Column

pytestmark = pytest.mark.browser

SOCIAL_ASSISTANCE_GROUPS = ["综合业务", "最低生活保障", "特困人员救助供养", "临时救助"]


def result_titles(page):
    return page.locator(".result-list .result h3").all_inner_texts()


def test_new_user_goes_from_home_to_catalogue_search_item_and_column(site, page):
    page.goto(site + "/")
    cards = page.locator(".domain-card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("社会救助")
    expect(cards.nth(0)).to_contain_text("已公开事项 13 项")
    expect(cards.nth(1)).to_contain_text("养老服务")
    expect(cards.nth(1)).to_contain_text("已公开事项 6 项")

    cards.filter(has_text="社会救助").click()
    expect(page).to_have_url(site + "/catalogue/social-assistance/")
    expect(page.locator("h1")).to_have_text("社会救助领域基层政务公开标准目录")
    table = page.locator("table.catalogue-table")
    expect(table.locator("tbody tr[data-item-id]")).to_have_count(13)
    # One tbody per level-1 item, in catalogue order, its name heading the group's rows.
    groups = table.locator("tbody.catalogue-group")
    expect(groups.locator("th.cell-level1")).to_have_text(SOCIAL_ASSISTANCE_GROUPS)
    expect(groups.nth(1).locator("tr[data-item-id]")).to_have_count(4)
    expect(groups.nth(1).locator("th.cell-level1")).to_have_attribute("rowspan", "4")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="首页").click()
    search_box = page.get_by_role("searchbox", name="关键词")
    search_box.fill("低保")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=%E4%BD%8E%E4%BF%9D"))
    titles = result_titles(page)
    assert titles, "searching 低保 found nothing"
    assert "最低生活保障 / 审批信息" in titles
    # 低保 is what people say; the formal term it stands for is highlighted too.
    marks = set(page.locator(".result-list mark").all_inner_texts())
    assert {"低保", "最低生活保障"} <= marks

    page.get_by_role("link", name="最低生活保障 / 审批信息").click()
    expect(page.locator("h1")).to_have_text("最低生活保障 / 审批信息")
    elements = page.locator("dl.elements")
    expect(elements.locator("div", has_text="公开依据")).to_contain_text("国发〔2012〕45号")
    expect(elements.locator("div", has_text="公开时限")).to_contain_text(
        "制定或获取信息之日起10个工作日内"
    )
    channels = elements.locator("div", has_text="公开渠道和载体")
    expect(channels.locator(".channel-on")).to_have_text(
        ["■政府网站（已选）", "■社区/企事业单位/村公示栏（电子屏）（已选）"]
    )
    expect(channels.locator(".channel-off")).to_have_count(11)

    page.get_by_role("link", name="61. 城乡低保").click()
    column = Column.objects.get(number=61)
    expect(page).to_have_url(site + column.get_absolute_url())
    expect(page.locator("h1")).to_have_text("城乡低保")
    expect(page.locator(".item-list")).to_contain_text("最低生活保障 / 审批信息")


def test_search_filters_combine_and_a_bad_value_gets_a_chinese_message(site, page):
    notice_board = Channel.objects.get(name="社区/企事业单位/村公示栏（电子屏）")
    on_notice_board = DisclosureItem.objects.published().filter(channels=notice_board)
    # Every standard item is proactive; make one notice-board item on request only, so that
    # the mode filter has something to tell apart within the channel.
    on_request = on_notice_board.get(level1="特困人员救助供养", level2="审核信息")
    on_request.mode_proactive, on_request.mode_on_request = False, True
    on_request.save()

    page.goto(site + "/search/")
    page.locator("summary", has_text="筛选条件").click()  # the filters start folded away
    page.get_by_label("公开渠道").select_option(label=notice_board.name)
    page.get_by_label("公开方式").select_option(label="依申请公开")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#results-title")).to_have_text("找到 1 个公开事项")
    expect(page.locator(".result-list .result h3")).to_have_text(["特困人员救助供养 / 审核信息"])
    # The form keeps the choices, so the citizen can change one and search again.
    expect(page.get_by_label("公开渠道")).to_have_value(str(notice_board.pk))
    expect(page.get_by_label("公开方式")).to_have_value("on_request")

    page.get_by_label("公开方式").select_option(label="主动公开")
    page.get_by_role("button", name="搜索").click()
    expected = set(on_notice_board.filter(mode_proactive=True).values_list("pk", flat=True))
    assert 1 < len(expected) < on_notice_board.count()
    expect(page.locator("#results-title")).to_have_text(f"找到 {len(expected)} 个公开事项")
    shown = page.locator(".result").evaluate_all("rows => rows.map(r => Number(r.dataset.itemId))")
    assert set(shown) == expected
    assert on_request.pk not in shown

    # A keyword narrows the same filters further.
    page.get_by_role("searchbox", name="关键词").fill("低保")
    page.get_by_role("button", name="搜索").click()
    # 低保 also finds 最低生活保障 (a search synonym), so both of its notice-board items remain.
    expect(page.locator(".result-list .result h3")).to_have_text(
        ["最低生活保障 / 审核信息", "最低生活保障 / 审批信息"]
    )
    assert "channel=" in page.url and "mode=proactive" in page.url and "q=" in page.url

    # Values no option offers, as from an edited or badly copied link.
    page.goto(site + "/search/?q=低保&channel=abc&mode=sometimes")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("搜索条件有误，未能查询。")
    expect(alert).to_contain_text("没有这个公开渠道，请从列表中选择。")
    expect(alert).to_contain_text("没有这个公开方式，请从列表中选择。")
    expect(page.locator(".result-list")).to_have_count(0)


def test_catalogue_and_search_work_without_javascript(site, new_context):
    context = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # First prove that scripts really do not run in this context.
    page.set_content(
        '<p id="js">off</p><script>document.getElementById("js").textContent = "on"</script>'
    )
    expect(page.locator("#js")).to_have_text("off")

    page.goto(site + "/")
    page.get_by_role("link", name=re.compile("养老服务")).first.click()
    expect(page).to_have_url(site + "/catalogue/elderly-care/")
    expect(page.locator("table.catalogue-table tbody tr[data-item-id]")).to_have_count(6)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="搜索").click()
    page.get_by_role("searchbox", name="关键词").fill("高龄津贴")
    page.locator("summary", has_text="筛选条件").click()  # <details> opens without JavaScript
    page.get_by_label("领域").select_option(label="养老服务")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator(".result-list .result h3")).to_have_text(["养老服务业务办理 / 老年人补贴"])
    page.get_by_role("link", name="养老服务业务办理 / 老年人补贴").click()
    expect(page.locator("h1")).to_have_text("养老服务业务办理 / 老年人补贴")
