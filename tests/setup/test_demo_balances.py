"""The whole demo, loaded as `make run` loads it, passes every check it is there to show."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annualreport import checks, drafting
from annualreport.models import AnnualReport
from inforequests import table_three as t3
from selfcheck import rules
from tests.setup.test_demo_data import recipe

pytestmark = pytest.mark.django_db(transaction=True)

Rule = rules.Rule
# What the demo is there to show working. The others (overdue columns and ledger requirements,
# requests due, empty columns, next year's calendar) it shows on purpose, as problems to fix.
PASSING = {
    Rule.ITEM_NO_COLUMN,
    Rule.ITEM_MISSING_ELEMENTS,
    Rule.PUBLICATION_NO_ITEM,
    Rule.DEAD_REFERENCE,
    Rule.LATE_PUBLICATION,
    Rule.MISSING_METADATA,
    Rule.REPORT_DUE,
    Rule.REPORT_MISSING,
    Rule.CORRECTION_LATE,
    Rule.INTERPRETATION_MISSING,
    Rule.INTERPRETATION_LATE,
    Rule.CONSULTATION_NO_FEEDBACK,
    Rule.MESSAGE_OVERDUE,
    Rule.SITE_STALE,
    Rule.BROKEN_LINK,
    Rule.CALENDAR_MISSING,
}


def load_as_make_run():
    for args in recipe("run"):
        if args[0] not in ("migrate", "runserver"):
            call_command(*args)


def test_the_demo_balances_its_reports_and_statistics(settings):
    settings.DEBUG = True  # ensure_demo_admin, a development login, runs only so
    load_as_make_run()
    year = timezone.localdate().year
    last = AnnualReport.objects.get(year=year - 1)
    carried = last.table_three[t3.CARRIED_OUT]
    assert carried[t3.TOTAL] >= 1  # the demo shows a case carried over
    for report in AnnualReport.objects.all():
        assert checks.check(report) == [], report.year
    # This year's draft, as 按数据更新草稿 makes it, balances against last year's report.
    draft = drafting.draft(year)
    assert checks.check_table_three(draft.table_three, last.table_three) == []
    page = Client().get(reverse("inforequests:statistics"))
    assert page.status_code == 200
    assert page.context["table"].cells[t3.CARRIED_IN] == carried
    found = {problem.rule for problem in rules.find_problems()}
    assert found & {rule.value for rule in PASSING} == set()


@pytest.mark.parametrize(
    "today",
    [datetime.date(2026, 1, 6), datetime.date(2026, 2, 3), datetime.date(2025, 12, 19)],
    ids=["early-january", "february", "december"],
)
def test_last_years_demo_report_carries_out_what_the_register_carries_in(today, django_user_model):
    """Whatever day the demo is loaded, cases of last year still open count on both sides."""
    from annualreport import demo as report_demo
    from inforequests import demo as request_demo
    from inforequests import statistics

    call_command("load_standard_data")
    django_user_model.objects.create_superuser("admin", password="x")
    report = report_demo.load(today=today)
    request_demo.load(today=today)
    assert checks.check_table_three(report.table_three) == []
    register = statistics.table_three(today.year).cells[t3.CARRIED_IN]
    assert register == report.table_three[t3.CARRIED_OUT]
    assert register[t3.TOTAL] >= 1
