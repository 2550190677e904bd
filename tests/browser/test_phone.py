"""
On a phone: the catalogue without sideways scrolling at 375 and 320 CSS pixels wide; the annual
report's and the request statistics' tables with captions read across and figures kept whole.
"""

import datetime
import io

import pytest
from django.core.management import call_command
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


TABLES = """() => {
  const lines = node => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  };
  const size = el => parseFloat(getComputedStyle(el).fontSize);
  const lineHeight = el => parseFloat(getComputedStyle(el).lineHeight) || 1.75 * size(el);
  const captions = [...document.querySelectorAll('main caption:not(.visually-hidden)')]
    .map(c => ({text: c.textContent.slice(0, 12), height: Math.round(c.getBoundingClientRect().height),
                chars: Math.round(c.getBoundingClientRect().width / size(c))}));
  const figures = [...document.querySelectorAll('main td.cell-figure, main .stats-table td')].filter(td => td.textContent.trim());
  const split = figures.filter(td => lines(td) > 1 || td.getBoundingClientRect().height > 3 * lineHeight(td))
    .slice(0, 5).map(td => `${td.dataset.label} ${td.textContent} ${Math.round(td.getBoundingClientRect().height)}px`);
  const labels = [...document.querySelectorAll('main .requests-table tbody th[scope=row], main .stats-table tbody th[scope=row]')]
    .filter(th => th.getBoundingClientRect().width < 6 * size(th))
    .slice(0, 5).map(th => th.textContent.slice(0, 8));
  return {width: document.documentElement.scrollWidth, captions, figures: figures.length, split, labels};
}"""


@pytest.mark.parametrize("care", ["", "1", "2"], ids=["normal", "care", "care-large"])
def test_report_and_statistics_tables_read_on_a_phone(site, new_context, care):
    """Captions run across the screen, figures never break, row names keep several characters."""
    call_command("load_demo_ledger", stdout=io.StringIO())
    call_command("load_demo_requests", stdout=io.StringIO())
    context = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    year = datetime.date.today().year
    found = {}
    for path in (f"/annual-reports/{year - 1}/", "/yisqgk/statistics/"):
        assert page.goto(site + path).status == 200, path
        layout = page.evaluate(TABLES)
        assert layout["captions"] and layout["figures"] > 40, (path, layout)
        problems = {
            "wider than the phone": layout["width"] > 375,
            "caption stands on end": [
                c for c in layout["captions"] if c["height"] >= 200 or c["chars"] < 6
            ],
            "figure split or squeezed": layout["split"],
            "row name squeezed": layout["labels"],
        }
        problems = {name: value for name, value in problems.items() if value}
        if problems:
            found[path] = (problems, layout["captions"])
    assert found == {}


SUBMENU = """() => {
  const links = [...document.querySelectorAll('nav.yisq-nav[aria-label="依申请公开"] a')];
  const look = a => { const s = getComputedStyle(a); return {weight: parseInt(s.fontWeight), background: s.backgroundColor}; };
  const rows = [...new Set(links.map(a => Math.round(a.getBoundingClientRect().top)))].sort((a, b) => a - b);
  return {
    current: links.filter(a => a.getAttribute('aria-current') === 'page').map(a => ({text: a.textContent, ...look(a)})),
    others: links.filter(a => !a.hasAttribute('aria-current')).map(look),
    height: Math.max(...links.map(a => a.getBoundingClientRect().height)),
    gaps: rows.slice(1).map((top, i) => top - rows[i]),
  };
}"""


@pytest.mark.parametrize("care", ["", "2"], ids=["normal", "care-large"])
def test_requests_submenu_shows_the_current_page_in_compact_rows(site, new_context, care):
    """The current page is bold and filled (not only another colour); rows sit close together."""
    context = new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    page.goto(site + "/yisqgk/statistics/")
    menu = page.evaluate(SUBMENU)
    [current] = menu["current"]
    assert current["text"] == "依申请公开统计"
    for other in menu["others"]:
        assert current["weight"] >= 700 > other["weight"], menu
        assert current["background"] != other["background"], menu
    assert menu["gaps"] and max(menu["gaps"]) <= 1.3 * menu["height"], menu


HEADER = """() => {
  const header = document.querySelector('.site-header').getBoundingClientRect();
  const heading = document.querySelector('main h1');
  const title = heading.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(heading).lineHeight);
  const small = [...document.querySelectorAll('.site-header a')]
    .filter(a => { const box = a.getBoundingClientRect(); return box.width < 44 || box.height < 44; })
    .map(a => a.textContent.trim());
  return {header: Math.round(header.height), titleFirstLine: Math.round(title.top + line), small,
          width: document.documentElement.scrollWidth};
}"""


def first_screen_paths():
    """Pages with a short and with the longest titles; each title ends the trail too."""
    from catalogue.models import DisclosureItem
    from consultations.models import Consultation
    from publications.models import Publication

    longest = [
        max(DisclosureItem.objects.all(), key=lambda item: len(str(item))),
        max(Consultation.objects.all(), key=lambda consultation: len(consultation.title)),
        # Its 信息索引 block comes first on a wide screen, after the title on a phone.
        max(Publication.objects.published(), key=lambda publication: len(publication.title)),
    ]
    return ["/", "/catalogue/social-assistance/", "/yisqgk/"] + [
        page.get_absolute_url() for page in longest
    ]


@pytest.mark.parametrize(
    # 关怀版's menu rows are 48 px as in the normal view (tests/browser/test_care_menu.py).
    ("care", "tallest"),
    [("", 220), ("1", 290), ("2", 360)],
    ids=["normal", "care", "care-large"],
)
def test_the_header_leaves_the_page_s_title_on_the_first_screen(site, new_context, care, tallest):
    """On a 375 × 667 phone, in every mode, the page's title is seen without scrolling."""
    context = new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    if care:
        context.add_cookies([{"name": "care", "value": care, "url": site}])
    page = context.new_page()
    for path in first_screen_paths():
        assert page.goto(site + path).status == 200, path
        layout = {"path": path, **page.evaluate(HEADER)}
        assert layout["width"] <= 375, layout
        assert layout["header"] <= tallest, layout  # was 269, 376 and 502 px
        assert layout["titleFirstLine"] <= 667, layout  # a long title may run on below
        assert layout["small"] == [], layout  # every link of the header still 44 × 44 px or more


REGISTER = """() => {
  const lines = node => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  };
  const table = document.querySelector('.register-table').getBoundingClientRect();
  const split = [...document.querySelectorAll('.register-table td:nth-child(1), .register-table td:nth-child(4)')]
    .filter(td => lines(td) > 1).map(td => td.textContent);
  const narrow = [...document.querySelectorAll('.register-table td:nth-child(2)')]
    .filter(td => td.getBoundingClientRect().width < 0.8 * table.width).map(td => td.textContent);
  return {width: document.documentElement.scrollWidth, rows: document.querySelectorAll('.register-table tbody tr').length, split, narrow};
}"""


def test_the_request_register_reads_as_one_card_per_request_on_a_phone(
    site, new_context, admin_user
):
    """Each name runs across the screen and no date breaks, in every mode (was 2026-/10-/22)."""
    call_command("load_demo_requests", stdout=io.StringIO())  # answered ones need a superuser
    for care in ("", "1", "2"):
        context = new_context(
            viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
        )
        if care:
            context.add_cookies([{"name": "care", "value": care, "url": site}])
        page = context.new_page()
        assert page.goto(f"{site}/yisqgk/register/").status == 200
        layout = {"care": care, **page.evaluate(REGISTER)}
        assert layout["rows"] >= 2, layout
        assert layout["width"] <= 375, layout
        assert layout["split"] == [] and layout["narrow"] == [], layout
