"""The work ledger and the annual report pages: axe-clean in both views, and fit a 375 px phone."""

import datetime
import io

import pytest
from django.core.management import call_command

from ledger.models import Task
from tests.browser import axe
from tests.browser.test_accessibility import open_page

pytestmark = pytest.mark.browser

WIDE = """() => {
  const width = window.innerWidth;
  const outside = [...document.querySelectorAll('main *')]
    .filter(el => { const box = el.getBoundingClientRect(); return box.width && (box.left < 0 || box.right > width + 0.5); })
    .slice(0, 5).map(el => el.tagName + '.' + el.className);
  return {width, scrollWidth: document.documentElement.scrollWidth, outside};
}"""


def test_ledger_and_report_pages_are_accessible_and_fit_a_phone(site, new_context, axe_ready):
    call_command("load_demo_ledger", stdout=io.StringIO())
    year = datetime.date.today().year
    task = Task.objects.filter(ledger__year=year, requirements__isnull=False).first()
    pages = {
        "ledger": f"/ledger/{year}/",
        "ledger task": f"/ledger/{year}/tasks/{task.pk}/",
        "report": f"/annual-reports/{year - 1}/",
        "reports": "/annual-reports/",
    }
    found = {}
    for care in ("", "1"):
        page = open_page(new_context, site, care)
        for name, path in pages.items():
            assert page.goto(site + path).status == 200, name
            passed, violations = axe.violations(page, care=bool(care))
            assert {"color-contrast", "landmark-one-main"} <= passed, name  # axe really ran
            if violations:
                found[(name, care)] = violations
        phone = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
        if care:
            phone.add_cookies([{"name": "care", "value": care, "url": site}])
        small_page = phone.new_page()
        for name, path in pages.items():
            small_page.goto(site + path)
            layout = small_page.evaluate(WIDE)
            if layout["scrollWidth"] > 375 or layout["outside"]:
                found[(name, care, "375px")] = layout
    assert found == {}
