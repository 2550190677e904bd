"""Table 三 against counts made here from the generated cases, over two years."""

import datetime
import random

import pytest

from inforequests import statistics
from inforequests import table_three as t3
from inforequests.models import ApplicantType, RequestStep
from tests.inforequests.helpers import D, fee_case, make_request

pytestmark = pytest.mark.django_db

KINDS = [code for code, _ in t3.ORGANISATION_KINDS]
OUTCOMES = [code for code, _, _ in t3.OUTCOMES]


def generate(n=320, seed=13):
    """Cases received from mid-2024 to 2026; most finished 0–60 days later, some never."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        received = D(2024, 7, 1) + datetime.timedelta(days=rng.randrange(0, 910))
        citizen = rng.random() < 0.6
        case = make_request(
            applicant_type=ApplicantType.CITIZEN if citizen else ApplicantType.ORGANISATION,
            organisation_kind="" if citizen else rng.choice(KINDS),
            received_on=min(received, D(2026, 12, 1)),
        )
        finished = outcome = None
        if rng.random() < 0.85:
            finished = case.received_on + datetime.timedelta(days=rng.randrange(0, 60))
            outcome = rng.choice(OUTCOMES)
            kind = "closed" if outcome.startswith("other") else "answered"
            RequestStep.objects.create(request=case, kind=kind, on=finished, outcome=outcome)
        column = (
            t3.NATURAL_PERSON if citizen else dict(t3.ORGANISATION_KINDS)[case.organisation_kind]
        )
        cases.append((case.received_on, finished, outcome, column))
    return cases


def expected(cases, year):
    first, last = D(year, 1, 1), D(year, 12, 31)
    cells = {row: dict.fromkeys(t3.COLUMNS, 0) for row in t3.ROWS}

    def add(row, column):
        cells[row][column] += 1
        cells[row][t3.TOTAL] += 1

    for received, finished, outcome, column in cases:
        if first <= received <= last:
            add(t3.NEW, column)
        if received < first and (finished is None or finished >= first):
            add(t3.CARRIED_IN, column)
        if finished is not None and first <= finished <= last:
            add(t3.OUTCOME_ROW[outcome], column)
            add(t3.RESULTS_TOTAL, column)
        if received <= last and (finished is None or finished > last):
            add(t3.CARRIED_OUT, column)
    return cells


def test_table_three_equals_independent_counts(django_assert_max_num_queries):
    cases = generate()
    tables = {}
    for year in (2025, 2026):
        with django_assert_max_num_queries(3):
            tables[year] = statistics.table_three(year).as_dict()
        assert tables[year] == expected(cases, year)
        table = tables[year]
        for column in t3.COLUMNS:
            assert (
                table[t3.NEW][column] + table[t3.CARRIED_IN][column]
                == table[t3.RESULTS_TOTAL][column] + table[t3.CARRIED_OUT][column]
            )
    assert tables[2026][t3.CARRIED_IN] == tables[2025][t3.CARRIED_OUT]
    assert tables[2026][t3.NEW][t3.TOTAL] > 50


def test_labels_are_the_annual_reports():
    table = statistics.table_three(2026).as_dict()
    assert list(table) == t3.ROWS
    assert list(table[t3.NEW]) == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert "3.危及“三安全一稳定”" in table
    assert [label for label, _, key in t3.layout() if key is None] == [
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]


def test_fees_collected_count_the_year_of_payment(django_assert_max_num_queries):
    fee_case(D(2025, 3, 2), 100, paid_on=D(2025, 3, 10))  # 2025
    fee_case(D(2024, 12, 24), 700, paid_on=D(2025, 1, 6))  # notified 2024, paid 2025
    fee_case(D(2025, 12, 22), 1100, paid_on=D(2026, 1, 5))  # paid the next year: 2026
    fee_case(D(2025, 5, 6), 200, closed_unpaid_on=D(2025, 6, 4))  # never paid
    fee_case(D(2025, 7, 1), 300)  # notified, still awaiting payment
    fee_case(D(2025, 8, 3), 0, paid_on=D(2025, 8, 5))  # a fee of 0 is no charge
    make_request(received_on=D(2025, 9, 1))  # no fee at all

    with django_assert_max_num_queries(1):
        collected = statistics.fees_collected(2025)
    assert collected == statistics.FeesCollected(cases=2, yuan=800)
    assert statistics.fees_collected(2026) == statistics.FeesCollected(cases=1, yuan=1100)
    assert statistics.fees_collected(2024) == statistics.FeesCollected(cases=0, yuan=0)

    # Forty more paid cases: still one query.
    for day in range(40):
        notified = D(2025, 2, 1) + datetime.timedelta(days=day)
        fee_case(notified, 10, paid_on=notified + datetime.timedelta(days=2))
    with django_assert_max_num_queries(1):
        collected = statistics.fees_collected(2025)
    assert collected == statistics.FeesCollected(cases=42, yuan=1200)
