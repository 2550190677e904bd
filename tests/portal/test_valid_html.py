"""
Every public page is valid HTML, in the normal view, in 关怀版 and in Traditional script, as the
Nu HTML Checker (vnu-jar from npm, run with Java) reads it: one checker run for all the pages.
Tables with two levels of headings name each cell's headings (WCAG technique H43).
"""

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from display import CARE_COOKIE, SCRIPT_COOKIE
from pagecache.middleware import local_clear
from tests.public_pages import ledger_and_report_pages, load_standard_data, public_pages
from tests.requirements import missing
from workdays import calendar

# Every test of the module reads the pages the module fixture rendered; the marker makes
# pytest-django create the test database even when this module runs alone.
pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
MODES = {"normal": {}, "care": {CARE_COOKIE: "1"}, "traditional": {SCRIPT_COOKIE: "hant"}}
# Warnings the checker may give, each with the reason it is not a defect; any other fails.
ALLOWED_WARNINGS = {}
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"


@pytest.fixture
def checker():
    java = shutil.which("java")
    if not java:
        missing("Java is not installed (make tools)")
    if not VNU.exists():
        missing("vnu-jar is not installed (make browser runs npm ci)")
    return [java, "-jar", str(VNU)]


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    {file: "mode: page (path)"}: every public page in every view, saved as served.

    Loading the data and rendering the pages takes seconds: done once for the module's tests,
    which only read the files, in a transaction rolled back after, with a page cache and media
    folder of its own (the per-test ones of tests/conftest.py are not set up yet).
    """
    folder = tmp_path_factory.mktemp("pages")
    cache = {"BACKEND": FILE_CACHE, "LOCATION": str(folder / "page-cache")}
    with (
        override_settings(CACHES={"default": cache}, MEDIA_ROOT=folder / "media"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        local_clear()
        calendar.forget()
        load_standard_data()
        call_command("load_demo_ledger", stdout=io.StringIO())
        paths = {**public_pages(), **ledger_and_report_pages()}
        client = Client()
        files = {}
        for mode, cookies in MODES.items():
            client.cookies.clear()
            for name, value in cookies.items():
                client.cookies[name] = value
            for name, path in paths.items():
                response = client.get(path)
                assert response.status_code == (404 if name == "404" else 200), (mode, name)
                file = folder / f"{len(files):03d}.html"
                file.write_bytes(response.content)
                files[file] = f"{mode}: {name} ({path})"
        transaction.set_rollback(True)
    local_clear()
    calendar.forget()
    return files


def check(checker, files):
    """The checker's messages for the files (paths: it reads a URL as a page to fetch)."""
    result = subprocess.run(
        [*checker, "--format", "json", "--stdout", "--no-langdetect", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return json.loads(result.stdout)["messages"]


def test_every_public_page_is_valid_html_in_every_view(pages, checker):
    found = []
    for message in check(checker, pages):
        kind = message.get("subType", message["type"])
        if message["type"] == "info" and kind != "warning":
            continue
        if kind == "warning" and message["message"] in ALLOWED_WARNINGS:
            continue
        page = pages[Path(message["url"].removeprefix("file:"))]
        found.append(f"{page} line {message.get('lastLine')}: {kind}: {message['message']}")
    assert not found, "\n".join(found)


def unnamed_headings(table):
    """Cells of a table with two levels of headings that do not name them all by id."""
    heading_rows = [row for row in table.iter("tr") if row.xpath("th") and not row.xpath("td")]
    if len(heading_rows) < 2:
        return []
    ids = {th.get("id") for th in table.iter("th") if th.get("id")}
    problems = []
    for cell in table.iter("td"):
        if len(cell.getparent()) == 1:
            continue  # the only cell of its row (返回顶部), under no heading
        named = (cell.get("headers") or "").split()
        if len(named) < 2 or not set(named) <= ids:
            problems.append(f"{cell.get('data-label')}: headers={named}")
    return problems


def test_cells_under_two_levels_of_headings_name_them(pages):
    found = {}
    tables = 0
    for file, page in pages.items():
        for table in lxml.html.parse(str(file)).getroot().iter("table"):
            problems = unnamed_headings(table)
            tables += bool(table.xpath(".//th[@colspan]"))
            if problems:
                found[f"{page} {table.get('class')}"] = problems[:3]
    assert tables >= 3 * len(MODES)  # the two catalogues and the report's tables were read
    assert found == {}


ISO_DATE = re.compile(r"(?<![\d/-])\d{4}[-/]\d{1,2}[-/]\d{1,2}(?![\d/-])")


def test_every_public_page_writes_dates_one_way(pages):
    """2026年12月7日 (portal/formats), never 2026-12-07 in the text; <time> keeps ISO for machines."""
    found = {}
    for file, page in pages.items():
        body = lxml.html.parse(str(file)).getroot().find("body")
        text = " ".join(body.itertext())
        if dates := ISO_DATE.findall(text):
            found[page] = dates[:3]
    assert found == {}
