"""
The public ledger as a citizen reads it: the tasks with their totals first, each task's
requirements on pages of their own; sizes and queries that do not grow with the rows.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ledger import views
from ledger.models import Requirement, Task
from offices.models import Office
from tests.ledger.helpers import make_ledger, report, task_url

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office():
    return Office.objects.create(name="办公室")


def ledger_with_tasks(year, per_task, tasks=3, deadline="年底前"):
    """A public ledger of `tasks` tasks with `per_task` requirements each."""
    ledger, requirements = make_ledger(
        year,
        [{"text": f"第{n}项要求", "deadline_text": deadline} for n in range(per_task * tasks)],
        is_public=True,
    )
    first = requirements[0].task
    first.title = "一、任务1"
    first.save()
    for index in range(1, tasks):
        task = Task.objects.create(ledger=ledger, title=f"{'一二三四五六'[index]}、任务{index + 1}")
        ids = [r.pk for r in requirements[index * per_task : (index + 1) * per_task]]
        Requirement.objects.filter(pk__in=ids).update(task=task)
    return ledger, list(Requirement.objects.filter(ledger=ledger).order_by("order", "id"))


def test_the_ledger_page_gives_each_task_s_totals_and_links_its_page(client, office):
    today = timezone.localdate()
    year = today.year
    _, requirements = ledger_with_tasks(year - 1, 2, tasks=2)  # 年底前 of last year: overdue
    report(requirements[0], office, D(year - 1, 6, 1), state="done")
    report(requirements[2], office, D(year - 1, 6, 1), state="in_progress")
    page = client.get(reverse("ledger:ledger-detail", args=[year - 1])).content.decode()
    assert "共 4 项具体要求" in page and "已完成 1 项，推进中 0 项，已逾期 3 项" in page
    first, second = requirements[0].task, requirements[2].task
    assert f'href="{task_url(requirements[0])}">{first.title}</a>' in page
    assert f'href="{task_url(requirements[2])}">{second.title}</a>' in page
    assert "第0项要求" not in page  # the requirements are on the task pages
    assert page.index(first.title) < page.index(second.title) < page.index("合计")
    task_page = client.get(task_url(requirements[2])).content.decode()
    assert "第2项要求" in task_page and "第3项要求" in task_page and "第0项要求" not in task_page
    assert "已逾期" in task_page  # where each stands, for every reader


def test_a_long_task_is_paged_and_bad_pages_are_not_found(client, office):
    _, requirements = ledger_with_tasks(2024, views.PER_PAGE + 3, tasks=1)
    first = client.get(task_url(requirements[0])).content.decode()
    assert f"第{views.PER_PAGE - 1}项要求" in first and f"第{views.PER_PAGE}项要求" not in first
    assert 'rel="next"' in first and "?page=2" in first
    second = client.get(task_url(requirements[0], 2)).content.decode()
    assert f"第{views.PER_PAGE}项要求" in second and "第0项要求" not in second
    assert client.get(task_url(requirements[0], 1)).status_code == 200
    for bad in ("0", "3", "-1", "abc", "1.5", "%EF%BC%91", "9" * 30, ""):
        assert client.get(task_url(requirements[0], bad)).status_code == 404, bad
    # A NUL never reaches the view: the one guard answers it (sitewide.nul_guard).
    assert client.get(task_url(requirements[0], "%00")).status_code == 400
    make_ledger(2023, [{}], is_public=True)
    wrong_year = reverse("ledger:task-detail", args=[2023, requirements[0].task_id])
    assert client.get(wrong_year).status_code == 404


def test_the_pages_stay_small_as_the_ledger_grows(client, office):
    small, big = ledger_with_tasks(2023, 2), ledger_with_tasks(2024, 60)
    sizes = {}
    for ledger, requirements in (small, big):
        summary = client.get(reverse("ledger:ledger-detail", args=[ledger.year])).content
        task_page = client.get(task_url(requirements[0])).content
        sizes[ledger.year] = (len(summary), len(task_page))
    assert sizes[2024][0] < sizes[2023][0] * 1.1  # the summary: tasks, never requirements
    # A task page holds one page of requirements at most.
    assert sizes[2024][1] < sizes[2023][1] * views.PER_PAGE / 2 * 1.2


@pytest.mark.parametrize("size", [2, 60])
def test_queries_do_not_grow_with_the_rows(client, office, size, django_assert_max_num_queries):
    _, requirements = ledger_with_tasks(2024, size)
    for requirement in requirements:
        report(requirement, office, D(2024, 3, 1))
    # The ledger, its tasks, requirements, progress, the calendar, the header's domains, and
    # the page cache's version and dates.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("ledger:ledger-detail", args=[2024])).status_code == 200
    url = task_url(requirements[0], 1)
    # The ledger, the task, the count, the page's requirements and their progress, the unit ...
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_each_page_of_a_task_is_cached_apart_and_renewed_by_a_change(client, office):
    _, requirements = ledger_with_tasks(2024, views.PER_PAGE + 1, tasks=1)
    last = requirements[-1]
    first_page, second_page = task_url(last, 1), task_url(last, 2)
    assert client.get(first_page).content != client.get(second_page).content
    assert "暂无进展" in client.get(second_page).content.decode()
    assert "暂无进展" in client.get(second_page).content.decode()  # from the cache
    report(last, office, D(2024, 3, 1), text="第二页上的进展")
    assert "第二页上的进展" in client.get(second_page).content.decode()
    assert "第二页上的进展" not in client.get(first_page).content.decode()


def test_a_cached_summary_is_not_served_on_a_later_day(client, office, monkeypatch):
    today = timezone.localdate()
    _, (requirement,) = make_ledger(today.year, [{"deadline_text": "年底前"}], is_public=True)
    Requirement.objects.filter(pk=requirement.pk).update(due=today + datetime.timedelta(days=1))
    url = reverse("ledger:ledger-detail", args=[today.year])
    assert "已逾期 0 项" in client.get(url).content.decode()
    later = today + datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "已逾期 1 项" in client.get(url).content.decode()
    assert Client().get(url).status_code == 200
