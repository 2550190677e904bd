"""关怀版 is never smaller than the normal view: every menu link as tall and its type as large."""

import pytest

pytestmark = pytest.mark.browser

MENU = """() => [...document.querySelectorAll('.site-nav a')].map(a => ({
  text: a.textContent.trim(),
  height: a.getBoundingClientRect().height,
  font: parseFloat(getComputedStyle(a).fontSize),
}))"""


def menu(new_context, site, width, care):
    phone = width < 500
    context = new_context(
        viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone
    )
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    page.goto(site + "/")
    return {link["text"]: link for link in page.evaluate(MENU)}


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("care", ["1", "2"], ids=["care", "care-large"])
def test_care_menu_links_are_as_tall_and_as_large_as_the_normal_ones(
    site, new_context, width, care
):
    normal = menu(new_context, site, width, "")
    elder = menu(new_context, site, width, care)
    assert normal.keys() == elder.keys() and len(normal) >= 5
    smaller = {
        text: (normal[text], link)
        for text, link in elder.items()
        if link["height"] < normal[text]["height"] or link["font"] < normal[text]["font"]
    }
    assert smaller == {}
