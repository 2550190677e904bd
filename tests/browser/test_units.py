"""
A town's pages under /u/<slug>/ and the platform's unit tree: WCAG 2.1 AA by axe-core in the
normal view and in 关怀版, and no sideways scrolling on a 375 px phone.
"""

import pytest
from django.core.files.base import ContentFile

from disclosure.standard_data import load_standard_data as load_unit_data
from publications.models import Attachment
from tests.browser import axe
from tests.factories import make_publication
from tests.public_pages import make_unit
from tests.publications import files
from units.models import Unit

pytestmark = pytest.mark.browser

WIDTH = "() => ({width: window.innerWidth, scroll: document.documentElement.scrollWidth})"


@pytest.fixture
def town_pages(site):
    """A town of the county with its 乡级 catalogue, its columns and a few publications."""
    town = make_unit("东山镇人民政府民政办公室", "dongshan", town=True, parent=Unit.objects.home())
    load_unit_data(unit=town)
    columns = list(town.columns.filter(parent__isnull=False).order_by("pk")[:2])
    items = list(town.domains.first().items.published()[:2])
    for n, column in enumerate(columns):
        publication = make_publication(
            column,
            items=items,
            title=f"东山镇2026年第{n + 1}季度最低生活保障对象公示",
            document_number=f"东民〔2026〕{n + 1}号",
            body="根据《社会救助暂行办法》，现将本季度最低生活保障对象公示如下。\n\n公示期7天。",
        )
        Attachment.objects.create(
            publication=publication, title="公示名单", file=ContentFile(files.pdf(), name="a.pdf")
        )
    pages = {"home": "/u/dongshan/", "units": "/units/", "column tree": "/u/dongshan/columns/"}
    for domain in town.domains.all():
        pages[f"catalogue {domain.slug}"] = f"/u/dongshan/catalogue/{domain.slug}/"
    pages["item"] = f"/u/dongshan/items/{items[0].pk}/"
    pages["column"] = f"/u/dongshan/columns/{columns[0].pk}/"
    pages["publication"] = f"/u/dongshan/publications/{publication.pk}/"
    pages["search"] = "/u/dongshan/search/?q=%E4%BD%8E%E4%BF%9D"
    pages["platform search"] = "/units/search/?q=%E4%BD%8E%E4%BF%9D&unit=dongshan"
    return pages


@pytest.mark.parametrize("care", ["", "1"], ids=["normal", "care"])
def test_a_towns_pages_pass_wcag_21_aa(site, town_pages, new_context, axe_ready, care):
    context = new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    found = {}
    for name, path in town_pages.items():
        assert page.goto(site + path).status == 200, name
        passed, violations = axe.violations(page, care=bool(care))
        assert {"html-has-lang", "color-contrast", "landmark-one-main"} <= passed, name
        if violations:
            found[name] = violations
    assert found == {}
    page.goto(site + "/u/dongshan/")
    assert "东山镇人民政府民政办公室" in page.locator(".site-name-bureau").inner_text()
    assert Unit.objects.home().name in page.locator(".site-parent").inner_text()


@pytest.mark.parametrize("care", ["", "1"], ids=["normal", "care"])
def test_a_towns_pages_fit_a_375_px_phone(site, town_pages, new_context, care):
    context = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    wide = {}
    for name, path in town_pages.items():
        assert page.goto(site + path).status == 200, name
        layout = page.evaluate(WIDTH)
        if layout["scroll"] > layout["width"]:
            wide[name] = layout
    assert wide == {}
