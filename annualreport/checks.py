"""
The checks a report must pass before it is submitted, each refusal naming table, row and column.

    表三  no missing or negative number; each column 一 + 二 = 三(七) + 四; (七) is the sum of the
          result rows; 总计 is the sum of the other columns; this year's 二 equals last year's 四
    表二  the entered decision counts and fee present and not negative
    表四  15 numbers present and not negative; each 总计 the sum of the four before it
    六    the ledger's state as of 31 December: every requirement due by then has progress
"""

import datetime
from decimal import Decimal

from django.db.models import Subquery
from django.urls import reverse
from django.utils.formats import date_format

from annualreport import tables
from inforequests import table_three as t3
from ledger.models import Ledger, ProgressEntry, Requirement

NEW, CARRIED_IN, RESULTS_TOTAL, CARRIED_OUT = (
    t3.NEW,
    t3.CARRIED_IN,
    t3.RESULTS_TOTAL,
    t3.CARRIED_OUT,
)
RESULT_ROWS = [row for _, _, row in t3.OUTCOMES]


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _cell(table, row, column, problems, name):
    value = _number((table.get(row) or {}).get(column))
    if value is None:
        problems.append(f"{name}“{row}”行“{column}”列：缺少数字")
    elif value < 0:
        problems.append(f"{name}“{row}”行“{column}”列：不能为负数（{value}）")
        return None
    return value


def check_table_three(grid, previous=None):
    problems = []
    name = "表三"
    values = {
        row: {column: _cell(grid, row, column, problems, name) for column in t3.COLUMNS}
        for row in t3.ROWS
    }
    if problems:
        return problems
    for column in t3.COLUMNS:
        v = {row: values[row][column] for row in t3.ROWS}
        left, right = v[NEW] + v[CARRIED_IN], v[RESULTS_TOTAL] + v[CARRIED_OUT]
        if left != right:
            problems.append(
                f"{name}“{column}”列：一、本年新收（{v[NEW]}）加二、上年结转（{v[CARRIED_IN]}）"
                f"应等于三、（七）总计（{v[RESULTS_TOTAL]}）加四、结转下年度（{v[CARRIED_OUT]}），"
                f"现为 {left} ≠ {right}"
            )
        results = sum(v[row] for row in RESULT_ROWS)
        if results != v[RESULTS_TOTAL]:
            problems.append(
                f"{name}“{RESULTS_TOTAL}”行“{column}”列：应为（一）至（六）之和 {results}，"
                f"现为 {v[RESULTS_TOTAL]}"
            )
    for row in t3.ROWS:
        parts = sum(values[row][c] for c in t3.COLUMNS if c != t3.TOTAL)
        if parts != values[row][t3.TOTAL]:
            problems.append(
                f"{name}“{row}”行“{t3.TOTAL}”列：应为各类申请人之和 {parts}，现为 {values[row][t3.TOTAL]}"
            )
    if previous is not None:
        for column in t3.COLUMNS:
            last = _number((previous.get(CARRIED_OUT) or {}).get(column))
            if last is not None and last != values[CARRIED_IN][column]:
                problems.append(
                    f"{name}“{CARRIED_IN}”行“{column}”列：应等于上年度报告的“{CARRIED_OUT}”"
                    f"（{last}），现为 {values[CARRIED_IN][column]}"
                )
    return problems


def check_table_four(grid):
    problems = []
    for group in tables.TABLE_FOUR_GROUPS:
        row = f"{tables.LITIGATION}·{group}" if group != tables.REVIEW else group
        values = [
            _cell({row: (grid.get(group) or {})}, row, outcome, problems, "表四")
            for outcome in tables.OUTCOMES
        ]
        if None not in values and sum(values[:4]) != values[4]:
            problems.append(
                f"表四“{row}”“总计”列：应为前四列之和 {sum(values[:4])}，现为 {values[4]}"
            )
    return problems


def check_table_two(report):
    problems = []
    for heading, column, rows in tables.ENTERED_GROUPS:
        for label, field in rows:
            value = getattr(report, field)
            if value is None:
                problems.append(f"表二“{label}”行“{column}”列：缺少数字（{heading}）")
            elif value < (Decimal(0) if isinstance(value, Decimal) else 0):
                problems.append(f"表二“{label}”行“{column}”列：不能为负数（{value}）")
    if not report.entered_sources.strip():
        problems.append("表二“行政许可”至“行政事业性收费”：请填写数据来源")
    return problems


def check_ledger(year, unit):
    """`unit`'s ledger as of 31 December: each requirement due by then has a report."""
    end = datetime.date(year, 12, 31)
    ledger = Ledger.objects.filter(unit=unit, year=year).first()
    if ledger is None:
        return [f"六、其他需要报告的事项：没有 {year} 年的工作台账，无法报告重点工作任务落实情况"]
    reported = set(
        ProgressEntry.objects.filter(requirement__ledger=ledger, reported_on__lte=end)
        .filter(ProgressEntry.public_filter())
        .values_list("requirement_id", flat=True)
    )
    return [
        f"六、其他需要报告的事项：{year}年工作台账第 {r.number} 项截至 12 月 31 日没有进展记录"
        for r in Requirement.objects.filter(ledger=ledger).order_by("order", "id")
        if (r.ongoing or (r.due and r.due <= end)) and r.pk not in reported
    ]


def check(report):
    """Every refusal for `report`, in table order; empty when it may be submitted."""
    from annualreport.models import AnnualReport

    previous = AnnualReport.objects.filter(unit_id=report.unit_id, year=report.year - 1).first()
    return [
        *check_table_two(report),
        *check_table_three(report.table_three, previous.table_three if previous else None),
        *check_table_four(report.table_four),
        *check_ledger(report.year, report.unit),
    ]


DUE_MONTH_DAY = (1, 31)
# The self-check's rule codes (declared with their names in annualreport.apps).
DUE = "report_due"
MISSING = "report_missing"


def reminders(today, unit=None):
    """
    {DUE: [...], MISSING: [...]}: `unit`'s (the first unit's) report of last year, from 1 January
    until it is published, is due (年度报告待发布) and, after 31 January, missing (年度报告逾期未发布).
    2 queries.
    """
    from annualreport.models import AnnualReport
    from annualreport.publishing import REPORT_COLUMN_NUMBER
    from columns.models import Column
    from units.models import Unit

    year = today.year - 1
    found = {DUE: [], MISSING: []}
    if unit is None:  # the first unit, read inside each query rather than by one more
        unit = Subquery(Unit.objects.order_by("pk").values("pk")[:1])
    column = (
        Column.objects.filter(unit=unit, number=REPORT_COLUMN_NUMBER)
        .select_related("owner_office")
        .first()
    )
    report = AnnualReport.objects.filter(unit=unit, year=year).select_related("publication").first()
    if column is None or (report is not None and report.is_published):
        # Without its column (53 公开年报) the portal does not publish reports yet.
        return found
    deadline = datetime.date(today.year, *DUE_MONTH_DAY)
    late = today > deadline
    fix_url = reverse(
        "admin:annualreport_annualreport_change"
        if report
        else "admin:annualreport_annualreport_add",
        args=[report.pk] if report else [],
    )
    state = "尚未生成" if report is None else "尚未发布"
    found[MISSING if late else DUE].append(
        {
            "office": column.owner_label if column else "",
            "subject": f"{year}年政府信息公开工作年度报告",
            "detail": f"应于 {date_format(deadline)} 前在“公开年报”栏目公开，目前{state}"
            + ("，已逾期" if late else ""),
            "fix_url": fix_url,
            "public_url": "",
        }
    )
    return found


def self_check(facts):
    """
    The self-check's annual-report rules on the run's day (annualreport.apps declares them):
    the run's unit's report (`facts.unit`), the first unit's when the run names none.
    """
    return reminders(facts.today, getattr(facts, "unit", None))
