import datetime

import pytest

from ledger import checks, standing
from ledger.standing import Standing
from offices.models import Office
from selfcheck.rules import Rule, find_problems
from tests.ledger.helpers import make_ledger, report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office():
    return Office.objects.create(name="办公室")


def _status(requirement, today):
    requirement.refresh_from_db()
    (attached,) = standing.attach([requirement], today)
    return attached.standing


def test_overdue_after_the_due_date_counted_in_working_days(office):
    _, (requirement,) = make_ledger(2024, [{"deadline_text": "9月底前"}])
    before = _status(requirement, D(2024, 9, 20))
    assert before.code == Standing.DUE_SOON and before.next_due == D(2024, 9, 30)
    after = _status(requirement, D(2024, 10, 8))
    # 1–7 October 2024 is the National Day holiday: the 8th is the first working day after.
    assert (after.code, after.working_days, after.estimated) == (Standing.OVERDUE, 1, False)
    assert "已逾期 1 个工作日" in after.detail


def test_done_is_not_overdue(office):
    _, (requirement,) = make_ledger(2024, [{"deadline_text": "9月底前"}])
    report(requirement, office, D(2024, 9, 25), state="done")
    assert _status(requirement, D(2024, 12, 1)).code == Standing.DONE


def test_a_year_the_calendar_lacks_is_estimated(office):
    _, (requirement,) = make_ledger(2099, [{"deadline_text": "3月底前"}])
    status = _status(requirement, D(2099, 4, 7))
    assert status.code == Standing.OVERDUE and status.estimated
    assert "预估" in status.detail


def test_quarterly_duty_overdue_when_a_quarter_had_no_report(office):
    _, (requirement,) = make_ledger(
        2024, [{"text": "按季度公开执行情况。", "deadline_text": "年底前"}]
    )
    report(requirement, office, D(2024, 3, 20))
    assert _status(requirement, D(2024, 6, 20)).code == Standing.DUE_SOON
    missed = _status(requirement, D(2024, 7, 10))
    assert (missed.code, missed.missed_due) == (Standing.OVERDUE, D(2024, 6, 30))
    # The period without a report, not the deadline as written (年底前), is what is late.
    assert missed.detail.startswith(
        "每季度报送进展，2024年4月1日 至 2024年6月30日 未报进展，已逾期 "
    )
    report(requirement, office, D(2024, 6, 28))
    assert _status(requirement, D(2024, 7, 10)).code == Standing.OPEN


def test_ongoing_goes_stale_after_two_months(office):
    _, (requirement,) = make_ledger(2024, [{"deadline_text": "持续推进"}])
    assert _status(requirement, D(2024, 3, 1)).code == Standing.STALE  # never reported
    report(requirement, office, D(2024, 3, 15))
    assert _status(requirement, D(2024, 5, 14)).code == Standing.ONGOING
    assert _status(requirement, D(2024, 5, 16)).code == Standing.STALE


def test_selfcheck_lists_overdue_and_stale_under_the_lead_office(office):
    other = Office.objects.create(name="社会救助科")
    _, requirements = make_ledger(
        2024,
        [
            {"deadline_text": "6月底前", "lead": ["社会救助科"], "support": ["办公室"]},
            {"deadline_text": "持续推进"},
            {"deadline_text": "年底前"},
            {"deadline_text": "6月底前", "lead": ["外单位"]},
        ],
        owner_office=office,
    )
    report(requirements[1], office, D(2024, 7, 1))
    today = D(2024, 7, 15)
    found = checks.find(today)
    assert [p["office"] for p in found[checks.OVERDUE]] == ["社会救助科", "办公室"]
    assert found[checks.STALE] == []
    problems = find_problems(today)
    overdue = [p for p in problems if p.rule == Rule.LEDGER_OVERDUE]
    assert [p.office for p in overdue] == [other.name, office.name]
    assert "2024年6月30日" in overdue[0].detail
    later = find_problems(D(2024, 9, 10))
    assert [p.subject for p in later if p.rule == Rule.LEDGER_STALE] == ["2024年台账第 2 项：要求2"]


def test_selfcheck_ledger_queries_are_constant(office, django_assert_max_num_queries):
    make_ledger(2024, [{"deadline_text": "6月底前"}] * 3)
    with django_assert_max_num_queries(4):  # with the calendar
        small = checks.find(D(2024, 7, 15))
    make_ledger(2025, [{"deadline_text": "6月底前"}] * 30)
    with django_assert_max_num_queries(4):  # with the calendar
        large = checks.find(D(2025, 7, 15))
    assert len(small[checks.OVERDUE]) == 3 and len(large[checks.OVERDUE]) == 33


def test_quarterly_duty_names_the_earliest_of_several_unreported_quarters(office):
    _, (requirement,) = make_ledger(
        2024, [{"text": "按季度公开执行情况。", "deadline_text": "年底前"}]
    )
    missed = _status(requirement, D(2024, 10, 15))
    assert missed.code == Standing.OVERDUE and missed.missed_periods == 3
    assert "共 3 期未报进展，最早一期2024年1月1日 至 2024年3月31日 未报进展" in missed.detail
    (problem,) = checks.find(D(2024, 10, 15))[checks.OVERDUE]
    assert "应于 2024年3月31日 前完成" not in problem["detail"]
