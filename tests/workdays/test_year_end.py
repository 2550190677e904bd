"""
The real pages and commands at the turn of a year nobody entered, on the clock of that day.

The portal runs in its own processes under libfaketime (Debian's faketime, installed by
`make install-test`), so "today" is 2026-12-20 or 2027-01-15 for the views as much as for the
commands, on a database migrated and loaded as `make run` does, with a draft dated
2026-12-28. The package knows 2026 but not 2027: every page must show 预估 and the self-check
"2027年节假日安排尚未录入", and nothing may show an error or a traceback.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

DAYS = ("2026-12-20", "2027-01-15")
REASON = "2027年节假日安排尚未录入，按周一至周五为工作日预估"

SETUP = """
import datetime
from django.contrib.auth import get_user_model
from columns.models import Column
from publications.models import Publication
column = Column.objects.filter(frequency="timely").order_by("number").first()
get_user_model().objects.create_superuser("year-end", "year-end@example.gov.cn", "pw-跨年-2027")
common = dict(column=column, body="正文", issuer="示范县民政局")
Publication.objects.create(
    title="年初公示", status=Publication.Status.PUBLISHED, written_on=datetime.date(2026, 11, 2),
    published_on=datetime.date(2026, 11, 3), index_number="11341700003244799H/202611-00001",
    **common,
)
Publication.objects.create(
    title="年末待发布公示", status=Publication.Status.DRAFT,
    written_on=datetime.date(2026, 12, 28), **common,
)
print(column.pk)
"""

PAGES = """
import io, json, openpyxl
from django.contrib.auth import get_user_model
from django.test import Client
staff = Client()
staff.force_login(get_user_model().objects.get(username="year-end"))
found = {}
for name, url in (("tree", "/columns/"), ("column", "/columns/%(column)s/"),
                  ("selfcheck", "/admin/selfcheck/")):
    response = staff.get(url)
    found[name] = [response.status_code, response.content.decode()]
response = staff.get("/admin/selfcheck/export.xlsx")
sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
found["xlsx"] = [response.status_code, "\\n".join(
    "|".join(str(cell) for cell in row if cell is not None)
    for row in sheet.iter_rows(values_only=True))]
print(json.dumps(found, ensure_ascii=False))
"""


def manage(env, *args, day=None):
    command = [sys.executable, "manage.py", *args]
    if day:
        command = ["faketime", f"{day} 10:00:00", *command]
    result = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    assert shutil.which("faketime"), "faketime is missing: run make install-test"
    folder = tmp_path_factory.mktemp("year-end")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'portal.sqlite3'}",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_CACHE_DIR=str(folder / "cache"),
    )
    assert manage(env, "migrate", "--noinput").returncode == 0
    assert manage(env, "load_standard_data").returncode == 0
    setup = manage(env, "shell", "-c", SETUP)
    assert setup.returncode == 0, setup.stderr
    return env, int(setup.stdout.split()[-1])


@pytest.fixture(scope="module")
def seen(portal):
    env, column = portal
    pages = {}
    for day in DAYS:
        result = manage(env, "shell", "-c", PAGES % {"column": column}, day=day)
        assert result.returncode == 0, result.stderr
        command = manage(env, "selfcheck", "--date", day, day=day)
        pages[day] = {
            **json.loads(result.stdout.splitlines()[-1]),
            "command": [command.returncode, command.stdout],
        }
    return pages


@pytest.mark.parametrize("day", DAYS)
def test_no_page_or_command_shows_an_error(seen, day):
    for name, (status, text) in seen[day].items():
        if name == "command":
            assert status == 1  # problems found, as cron expects
        else:
            assert status == 200, name
        assert "Traceback" not in text and "无法计算" not in text, name
        assert "chinesecalendar" not in text, name


@pytest.mark.parametrize("day", DAYS)
def test_the_staff_column_tree_and_column_page_show_the_estimate(seen, day):
    for name in ("tree", "column"):
        text = seen[day][name][1]
        # The column's items promise 10 working days: 29–31 December, then 2027 Monday to Friday.
        assert '<time datetime="2027-01-11">2027年1月11日</time>' in text, name
        assert f'title="{REASON}"' in text and f"（{REASON}）" in text, name


def test_in_december_next_years_schedule_is_asked_for(seen):
    for name in ("selfcheck", "xlsx", "command"):
        text = seen["2026-12-20"][name][1]
        assert "下一年节假日安排待录入" in text and "2027年节假日安排尚未录入" in text, name
    page = seen["2026-12-20"]["selfcheck"][1]
    assert "站点管理员" in page
    assert "/admin/workdays/schedule/enter/?year=2027" in page


def test_in_the_new_year_the_missing_schedule_is_a_problem_of_its_own(seen):
    for name in ("selfcheck", "xlsx", "command"):
        text = seen["2027-01-15"][name][1]
        assert "本年节假日安排未录入" in text and "2027年节假日安排尚未录入" in text, name
        assert "1 个栏目的期限为预估" in text, name
    # 2028's schedule is not asked for before November 2027.
    assert "2028年" not in seen["2027-01-15"]["command"][1]


def test_an_overdue_draft_on_an_estimated_deadline_says_so_everywhere(seen):
    day = seen["2027-01-15"]
    assert "栏目逾期未更新" in day["selfcheck"][1]
    assert f'<span class="badge badge-estimated" title="{REASON}">预估' in day["selfcheck"][1]
    late = f"截止日期 2027年1月11日，已逾期 4 个工作日仍未发布（预估：{REASON}）"
    assert late in day["xlsx"][1]
    assert late in day["command"][1]
    # Before the deadline, on 20 December, the column is not overdue yet.
    assert "栏目逾期未更新" not in seen["2026-12-20"]["command"][1]
