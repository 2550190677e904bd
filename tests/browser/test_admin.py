"""
A clerk edits a published item in the admin, in a real browser; the public page follows once
the change has been through the review (the panel's buttons) and is published.
"""

import pytest
from playwright.sync_api import expect

from catalogue.models import DisclosureItem

pytestmark = pytest.mark.browser

PASSWORD = "pw-清单-2026"


def test_clerk_logs_in_edits_an_item_and_the_public_page_shows_it(site, page, django_user_model):
    django_user_model.objects.create_superuser("clerk", "clerk@example.gov.cn", PASSWORD)
    item = DisclosureItem.objects.get(level1="最低生活保障", level2="办事指南")
    new_content = "办理事项；办理条件；最低生活保障标准（2026年起每人每月850元）；申请材料"

    page.goto(site + "/admin/")
    expect(page).to_have_url(site + "/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#site-name")).to_have_text("政务公开目录管理")

    page.get_by_role("link", name="公开事项").first.click()
    page.get_by_role("link", name="办事指南").first.click()
    expect(page).to_have_url(site + f"/admin/catalogue/disclosureitem/{item.pk}/change/")
    content = page.locator("#id_content")
    expect(content).to_have_value(item.content)
    content.fill(new_content)
    page.locator("input[name=_save]").last.click()

    expect(page).to_have_url(site + "/admin/catalogue/disclosureitem/")
    expect(page.locator(".messagelist .success")).to_contain_text("最低生活保障 / 办事指南")
    expect(page.locator(".messagelist .warning")).to_contain_text("已保存为修改稿")
    item.refresh_from_db()
    assert item.content != new_content  # the public keeps the published text

    page.goto(site + item.get_absolute_url())
    expect(page.locator("dl.elements div", has_text="公开内容（要素）")).not_to_contain_text(
        "2026年起每人每月850元"
    )

    # Through the review panel: 提交审核, 审核通过, 批准, 发布 (a superuser holds every step).
    page.goto(site + f"/admin/catalogue/disclosureitem/{item.pk}/change/")
    panel = page.locator("#review-panel")
    expect(panel.get_by_role("row", name="公开内容（要素）")).to_contain_text("850元")
    for button, state in (
        ("提交审核", "待审核"),
        ("审核通过", "已审核"),
        ("批准", "已批准"),
        ("发布", "已发布"),
    ):
        panel.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(".messagelist .success")).to_contain_text(f"已{button}")
        expect(page.locator("#review-panel")).to_contain_text(state)
    item.refresh_from_db()
    assert item.content == new_content

    page.goto(site + item.get_absolute_url())
    expect(page.locator("dl.elements div", has_text="公开内容（要素）")).to_contain_text(
        "最低生活保障标准（2026年起每人每月850元）"
    )


def test_the_selfcheck_total_lines_up_with_the_counts(site, page, django_user_model):
    django_user_model.objects.create_superuser("head", "head@example.gov.cn", PASSWORD)
    page.goto(site + "/admin/login/?next=/admin/selfcheck/")
    page.get_by_label("用户名").fill("head")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    tables = page.locator(".selfcheck-summary table")
    expect(tables.first.locator("caption")).to_contain_text("问题汇总")
    assert tables.count() == 2  # by type of problem, then by office
    for n in range(tables.count()):
        cells = tables.nth(n).evaluate(
            """table => [table.querySelector('tbody tr:last-child td'),
                         table.querySelector('tfoot td')].map(cell => {
                const box = cell.getBoundingClientRect();
                const style = getComputedStyle(cell);
                const text = document.createRange();
                text.selectNodeContents(cell);
                return {left: box.left, right: box.right, size: style.fontSize,
                        padding: style.paddingRight, textRight: text.getBoundingClientRect().right};
            })"""
        )
        body, total = cells
        assert (total["left"], total["right"]) == (body["left"], body["right"])
        assert (total["size"], total["padding"]) == (body["size"], body["padding"])
        assert abs(total["textRight"] - body["textRight"]) < 1  # the numbers end in one column
