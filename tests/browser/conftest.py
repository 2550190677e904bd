"""
Fixtures for the browser tests: Debian's chromium driven by Playwright against `live_server`.

Playwright's sync API runs an event loop in the test thread, and Django refuses database access
from a thread with a running loop; the tests themselves are synchronous, so the guard is lifted
for this package only.
"""

import os

import pytest

from tests.browser import axe
from tests.public_pages import load_standard_data
from tests.requirements import missing

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run; tests get their own context and page."""
    if not os.path.exists(CHROMIUM):
        missing("Debian chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Open browser contexts with the given options (viewport, JavaScript ...); close them after."""
    contexts = []

    def open_context(**options):
        options.setdefault("locale", "zh-CN")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh desktop page (1280 wide: the catalogue shows as the template's table)."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def standard_data(transactional_db):
    """The standard data and demo content a new installation shows (tests.public_pages)."""
    load_standard_data()


@pytest.fixture
def site(live_server, standard_data):
    """The base URL of the running portal, with the standard data loaded."""
    return live_server.url


@pytest.fixture
def axe_ready():
    if not axe.AXE.exists():
        missing("axe-core is not installed (make browser runs npm ci)")
