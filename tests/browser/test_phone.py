"""The catalogue on a phone: no sideways scrolling at 375 and 320 CSS pixels wide."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OVERFLOW = """() => {
  const width = window.innerWidth;
  const outside = [...document.querySelectorAll('.catalogue-table, .catalogue-table tr')]
    .filter(el => { const box = el.getBoundingClientRect(); return box.left < 0 || box.right > width; })
    .map(el => el.tagName + (el.dataset.itemId ? '#' + el.dataset.itemId : ''));
  return {width, scrollWidth: document.documentElement.scrollWidth, outside};
}"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (320, 568)])
@pytest.mark.parametrize("slug", ["social-assistance", "elderly-care"])
def test_domain_catalogue_fits_a_phone_screen(site, new_context, tmp_path, width, height, slug):
    context = new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(f"{site}/catalogue/{slug}/")
    expect(page.locator("table.catalogue-table tr[data-item-id]").first).to_be_visible()

    layout = page.evaluate(OVERFLOW)
    assert layout["width"] == width
    assert layout["scrollWidth"] <= layout["width"], layout
    assert layout["outside"] == [], layout
    # On a phone the header row is for screen readers only; each cell names its column instead.
    expect(page.locator(".catalogue-table thead")).to_have_css("position", "absolute")
    page.screenshot(path=tmp_path / f"catalogue-{slug}-{width}.png", full_page=True)
