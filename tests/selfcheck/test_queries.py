"""Query counts: the rules and the page cost the same at 75 columns and at 1,000."""

import pytest
from django.utils import timezone

from selfcheck.rules import Rule, find_problems
from selfcheck.views import PER_PAGE
from tests.selfcheck.bulk import TODAY, build_portal

pytestmark = pytest.mark.django_db
SIZES = [(75, 750), (1000, 10_000)]
# Columns, their assigned offices and their standings (5), waiting drafts, deadlines, items, item
# columns, published publications, the items they name, unusual ones, linking bodies (8), the
# working-day calendar (1), the requests (1; their steps are a second when there are any), the
# ledger (3), the annual report (2); policies without interpretation, interpretation links (2);
# ended consultations, consultation years, open messages, broken links (4); the unit checked (or,
# given one, whether it is the first unit, whose public pages are at the root) (1).
RULE_QUERIES = 27
# Session and user (2), the user's units (2: the units they are a member of, then, a staff user in
# none, whether the platform has only one unit) and the unit shown (1), the offices of the filter
# (1), the rules, the unit's last check stored (1), the user's own offices (1), the unit switcher
# (1), the units below it (1), the unit of the admin's context processor (1).
PAGE_QUERIES = 11 + RULE_QUERIES


@pytest.mark.parametrize(("n_columns", "n_publications"), SIZES)
def test_find_problems_costs_the_same_queries_at_any_size(
    n_columns, n_publications, django_assert_num_queries
):
    build_portal(n_columns, n_publications)
    with django_assert_num_queries(RULE_QUERIES):
        problems = find_problems(today=TODAY)
    # Every rule but those the bulk portal has no case for (it has no ledger and no requests).
    quiet = {
        Rule.LEDGER_OVERDUE,
        Rule.LEDGER_STALE,
        Rule.REQUEST_DUE,
        Rule.CORRECTION_LATE,
        # After 31 January the missing report is 年度报告逾期未发布, not 待发布.
        Rule.REPORT_DUE,
        Rule.CALENDAR_NEXT_YEAR,
        Rule.CALENDAR_MISSING,
        Rule.SITE_STALE,
        Rule.CONSULTATION_NONE_IN_YEAR,
    }
    assert {p.rule for p in problems} >= set(Rule.values) - quiet


@pytest.mark.parametrize(("n_columns", "n_publications"), SIZES)
def test_the_page_costs_the_same_queries_at_any_size(
    staff_client, n_columns, n_publications, django_assert_num_queries
):
    build_portal(n_columns, n_publications, today=timezone.localdate())
    with django_assert_num_queries(PAGE_QUERIES):
        response = staff_client.get("/admin/selfcheck/")
    assert response.status_code == 200
    assert "批量科室0（" in response.content.decode()
    # The summary first; the problems one page at a time, whatever their number.
    assert response.content.decode().count('class="selfcheck-fix"') <= PER_PAGE
