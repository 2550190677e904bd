"""The national website check's verdict (单项否决) at the top of the self-check list."""

import datetime

import pytest
from django.utils import timezone

from columns.models import Column
from selfcheck.rules import Rule, find_problems, run
from tests.factories import make_column, make_publication

d = datetime.date
TODAY = d(2026, 3, 16)
MONTHLY = Column.Frequency.MONTHLY
pytestmark = pytest.mark.django_db


def criterion(label, today=TODAY):
    return next(c for c in run(today=today).verdict.criteria if c.label == label)


def fresh_site():
    make_publication(make_column(frequency=MONTHLY), published_on=d(2026, 3, 2))


def test_a_fresh_clean_site_passes():
    fresh_site()
    verdict = run(today=TODAY).verdict
    assert verdict.passed and verdict.label == "合格"


def test_the_newest_publication_older_than_two_weeks_fails():
    fresh_site()
    assert not criterion("网站最新信息距今天数", d(2026, 3, 16)).failed  # 14 days
    stale = criterion("网站最新信息距今天数", d(2026, 3, 17))
    assert stale.failed and stale.count == 15
    (problem,) = [p for p in find_problems(today=d(2026, 3, 17)) if p.rule == Rule.SITE_STALE]
    assert "已 15 天未更新" in problem.detail
    assert [p for p in find_problems(today=TODAY) if p.rule == Rule.SITE_STALE] == []


def test_a_site_with_nothing_published_fails():
    assert criterion("网站最新信息距今天数").failed


def test_ten_overdue_columns_fail_nine_do_not():
    fresh_site()
    for _ in range(9):
        make_publication(make_column(frequency=MONTHLY), published_on=d(2026, 1, 5))
    assert criterion("应更新未更新的栏目").count == 9
    assert not criterion("应更新未更新的栏目").failed
    make_publication(make_column(frequency=MONTHLY), published_on=d(2026, 1, 5))
    assert criterion("应更新未更新的栏目").failed


def test_five_empty_columns_fail_four_do_not():
    fresh_site()
    for _ in range(4):
        make_column(frequency=MONTHLY)
    assert not criterion("空白栏目").failed
    make_column(frequency=MONTHLY)
    assert criterion("空白栏目").failed and not run(today=TODAY).verdict.passed


def test_the_verdict_is_for_the_whole_site_even_when_filtered_by_office():
    fresh_site()
    for _ in range(5):
        make_column(frequency=MONTHLY)
    report = run(today=TODAY, office="不存在的科室")
    assert report.problems == [] and not report.verdict.passed


def test_the_page_shows_the_verdict_above_the_list(staff_client):
    make_publication(make_column(frequency=MONTHLY), published_on=timezone.localdate())
    page = staff_client.get("/admin/selfcheck/").content.decode()
    assert "国家政府网站抽查（单项否决）" in page
    assert page.index("国家政府网站抽查") < page.index("问题汇总")
    assert "超过三个月未答复的留言" in page and "失效的链接和附件" in page
