"""
In chromium: the admin's idle sign-out warning (WCAG 2.2.1) and pages under the Content Security
Policy. The idle limit is set to seconds for these tests. The other admin-security tests are in
tests/audit.
"""

import pytest
from playwright.sync_api import expect

from audit.models import AuditEntry
from catalogue.models import DisclosureItem

PASSWORD = "pw-清单-2026"

pytestmark = pytest.mark.browser

TIMEOUT = 8
WARNING = 5

COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def short_idle(settings):
    settings.PORTAL_IDLE_TIMEOUT = TIMEOUT
    settings.PORTAL_IDLE_WARNING = WARNING


def sign_in(page, site, django_user_model):
    django_user_model.objects.create_superuser("clerk", "clerk@example.gov.cn", PASSWORD)
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#site-name")).to_have_text("政务公开目录管理")


def status(page, site):
    return page.request.get(site + "/admin/session/status/").json()


def test_the_warning_comes_before_the_end_and_continue_keeps_the_session(
    site, page, django_user_model, short_idle
):
    sign_in(page, site, django_user_model)
    dialog = page.get_by_role("alertdialog", name="即将自动退出")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=(TIMEOUT - WARNING + 3) * 1000)
    expect(dialog).to_contain_text(f"您已长时间未操作，将在 {WARNING} 秒后自动退出。")
    continue_button = dialog.get_by_role("button", name="继续使用")
    expect(continue_button).to_be_focused()
    assert status(page, site)["remaining_seconds"] <= WARNING

    continue_button.click()
    expect(dialog).to_be_hidden()
    assert status(page, site)["remaining_seconds"] >= TIMEOUT - 2

    # Warned again later; this time “立即退出”.
    expect(dialog).to_be_visible(timeout=(TIMEOUT - WARNING + 3) * 1000)
    dialog.get_by_role("button", name="立即退出").click()
    expect(page).to_have_url(site + "/admin/logout/")
    assert status(page, site)["authenticated"] is False
    assert AuditEntry.objects.filter(action="logout", detail="").count() == 1


def test_without_an_answer_the_session_ends_and_the_login_page_says_why(
    site, page, django_user_model, short_idle
):
    sign_in(page, site, django_user_model)
    page.get_by_role("link", name="公开事项").first.click()
    expect(page.get_by_role("alertdialog")).to_be_visible(timeout=(TIMEOUT - WARNING + 3) * 1000)

    expect(page).to_have_url(
        site + "/admin/login/?next=%2Fadmin%2Fcatalogue%2Fdisclosureitem%2F",
        timeout=(WARNING + 4) * 1000,
    )
    expect(page.locator(".messagelist")).to_contain_text("您已长时间未操作")
    entry = AuditEntry.objects.get(action="logout")
    assert entry.detail == "长时间未操作，自动退出"


def test_public_and_admin_pages_break_no_rule_of_the_policy(site, new_context, django_user_model):
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    item = DisclosureItem.objects.published().order_by("pk").first()

    def visit(path):
        response = page.goto(site + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path

    for path in ("/", item.domain.get_absolute_url(), item.get_absolute_url(), "/admin/login/"):
        visit(path)
    sign_in(page, site, django_user_model)
    for path in (
        "/admin/",
        "/admin/catalogue/disclosureitem/",
        f"/admin/catalogue/disclosureitem/{item.pk}/change/",
        "/admin/catalogue/disclosureitem/add/",
        "/admin/audit/auditentry/",
        "/admin/selfcheck/",
    ):
        visit(path)
    assert console == []
