"""
Last year's annual report as demo data, published in column 53, so a new portal shows one.

Its tables add up (一 + 二 = 三(七) + 四 in every column) and its texts read like a real report;
section 六 is drafted from last year's demo ledger, made with it, so the report passes its own
checks (checks.check finds nothing). Everything is marked 演示数据; delete() removes the report
with its publication, and load_demo_ledger --delete the demo ledgers.
"""

import contextlib
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from annualreport import drafting, publishing, tables
from annualreport.models import AnnualReport
from inforequests import demo as request_demo
from inforequests import table_three as t3
from ledger import office_names
from ledger import publishing as ledger_publishing
from ledger.demo import add_requirement, work_column
from ledger.models import Ledger, ProgressEntry, Responsibility, Task
from offices.models import Office
from publications.models import Publication
from units.models import Unit
from workdays.months import add_months

State = ProgressEntry.State
# Last year's ledger: (requirement, offices, deadline, [(month, day, state, what, reason)]), the
# months of the next year as 13, 14 …: seven done in time, the last delayed and done in March.
LEDGER_ROWS = [
    (
        "公开上一年度政府信息公开工作年度报告。",
        "办公室",
        "1月底前",
        [(1, 20, State.DONE, "已在公开年报栏目公开", "")],
    ),
    (
        "动态调整社会救助领域基层政务公开标准目录。",
        "社会救助科",
        "6月底前",
        [(6, 18, State.DONE, "已完成目录调整并在网站公开", "")],
    ),
    (
        "动态调整养老服务领域基层政务公开标准目录。",
        "养老服务和慈善事业促进科",
        "6月底前",
        [(6, 25, State.DONE, "已完成目录调整并在网站公开", "")],
    ),
    (
        "集中公开现行有效的规范性文件目录。",
        "办公室",
        "9月底前",
        [(9, 16, State.DONE, "已在部门文件栏目集中公开", "")],
    ),
    (
        "完成政务公开专栏改版，提供关怀版和繁体浏览。",
        "办公室牵头，社会事务科配合",
        "10月底前",
        [
            (7, 10, State.IN_PROGRESS, "改版方案已审定", ""),
            (10, 27, State.DONE, "新版专栏已上线", ""),
        ],
    ),
    (
        "开展政务公开业务培训，覆盖全部信息员。",
        "办公室",
        "11月底前",
        [(11, 12, State.DONE, "已举办培训1期", "")],
    ),
    (
        "政策文件与解读材料同步起草、同步审签、同步发布。",
        "办公室牵头，社会救助科配合",
        "年底前",
        [(12, 15, State.DONE, "全年出台文件均已同步解读", "")],
    ),
    (
        "开展养老机构服务信息集中公开核查。",
        "养老服务和慈善事业促进科",
        "10月底前",
        [
            (10, 29, State.DELAYED, "已完成12家机构核查", "涉及机构较多，延至次年一季度完成"),
            (15, 20, State.DONE, "全部机构核查完毕", ""),
        ],
    ),
]

# (自然人, 商业企业) per row; the other columns stay 0. 四 (结转下年度) is what the demo
# register carries into this year (inforequests.demo.carried_over), and 一 what balances it.
FIGURES = {
    t3.CARRIED_IN: (1, 0),
    t3.OUTCOME_ROW["public"]: (6, 1),
    t3.OUTCOME_ROW["partial"]: (1, 0),
    t3.OUTCOME_ROW["unable_not_held"]: (3, 1),
    t3.OUTCOME_ROW["not_handled_repeat"]: (1, 0),
    t3.RESULTS_TOTAL: (11, 2),
}


def _table_three(year, today):
    """
    The year's table 三, its 四 the demo cases open at its end: this year's 二 on the statistics
    page and in the next report's draft is then the same number.
    """
    grid = tables.empty_table_three()
    for row, (person, business) in FIGURES.items():
        grid[row][t3.NATURAL_PERSON] = person
        grid[row]["商业企业"] = business
    grid[t3.CARRIED_OUT].update(request_demo.carried_over(year, today))
    for column in t3.COLUMNS[:-1]:
        grid[t3.NEW][column] = (
            grid[t3.RESULTS_TOTAL][column]
            + grid[t3.CARRIED_OUT][column]
            - grid[t3.CARRIED_IN][column]
        )
    for row in grid.values():
        row[t3.TOTAL] = sum(row[column] for column in t3.COLUMNS[:-1])
    return grid


def _table_four():
    grid = tables.empty_table_four()
    values = {
        tables.REVIEW: (1, 0, 0, 0, 1),
        tables.DIRECT: (0, 0, 0, 0, 0),
        tables.AFTER_REVIEW: (0, 0, 0, 0, 0),
    }
    for group, numbers in values.items():
        grid[group] = dict(zip(tables.OUTCOMES, numbers, strict=True))
    return grid


def _day(year, month, day, today):
    """Day `day` of `month` counted from January of `year` (13 is next January), never after today."""
    return min(today, add_months(datetime.date(year, 1, day), month - 1))


def load_ledger(year, today, unit):
    """
    Create `year`'s demo ledger with its progress unless the year has a ledger; return it or None.

    It is the report's source for section 六, and public as a bureau's would be: filed in
    工作推进 and published with the year's first ledger notice date (15 January), so a reader of
    the report can open the ledger it cites.
    """
    offices = Office.objects.filter(unit=unit)
    office = offices.filter(name="办公室").first() or offices.order_by("pk").first()
    if office is None or Ledger.objects.filter(unit=unit, year=year).exists():
        return None
    ledger = Ledger.objects.create(
        unit=unit,
        year=year,
        title=f"{year}年政务公开重点工作台账（演示数据）",
        document_number=f"示民办〔{year}〕2号",
        issued_on=datetime.date(year, 1, 15),
        owner_office=office,
        column=work_column(unit),
        is_demo=True,
    )
    task = Task.objects.create(ledger=ledger, title="一、推进政务公开标准化规范化", order=1)
    requirements = []
    for number, (text, offices, deadline, _) in enumerate(LEDGER_ROWS, start=1):
        requirements.append(add_requirement(ledger, task, number, text, offices, deadline))
    office_names.link(requirements)
    for requirement, (*_, progress) in zip(requirements, LEDGER_ROWS, strict=True):
        lead = requirement.responsibility_set.filter(role=Responsibility.Role.LEAD).first()
        for month, day, state, what, reason in progress:
            ProgressEntry.objects.create(
                requirement=requirement,
                office=lead.office if lead else office,
                reported_on=_day(year, month, day, today),
                text=what,
                state=state,
                reason=reason,
                is_demo=True,
                status=ProgressEntry.Status.PUBLISHED,  # as if reviewed
            )
    if ledger.column_id is not None:
        ledger_publishing.file_ledger(
            ledger, status=Publication.Status.PUBLISHED, published_on=ledger.issued_on
        )
    return ledger


@transaction.atomic
def load(today=None, unit=None):
    """
    Create and publish `unit`'s (the first unit's) demo report of last year unless it has one
    for that year, with that year's demo ledger when it has none; published on 20 January, as a
    bureau would.
    """
    today = today or timezone.localdate()
    unit = unit or Unit.objects.home()
    year = today.year - 1
    if AnnualReport.objects.filter(unit=unit, year=year).exists():
        return None
    load_ledger(year, today, unit)
    table_three = _table_three(year, today)
    new, done, carried = (
        table_three[row][t3.TOTAL] for row in (t3.NEW, t3.RESULTS_TOTAL, t3.CARRIED_OUT)
    )
    report = AnnualReport.objects.create(
        unit=unit,
        year=year,
        is_demo=True,
        overview=(
            f"（一）主动公开。{year}年通过政府网站主动公开政府信息 186 条，其中社会救助 64 条、养老服务 41 条。\n"
            f"（二）依申请公开。全年新收政府信息公开申请 {new} 件，办结 {done} 件，"
            f"结转下年度继续办理 {carried} 件。\n"
            "（三）政府信息管理。完成规范性文件清理，集中公开现行有效文件目录。\n"
            "（四）平台建设。完成政务公开专栏改版，支持关怀版和繁体浏览。\n"
            "（五）监督保障。落实“三级审核制”，每月通报重点工作推进情况。"
        ),
        problems="（一）存在的主要问题：政策解读形式较为单一。\n（二）改进情况：增加图解和问答式解读。",
        other_matters=(
            f"（一）收取信息处理费情况：{drafting.fee_text(year, unit)}\n"
            f"（二）年度政务公开重点工作任务落实情况：{drafting.ledger_text(year, unit)}"
        ),
        licensing_count=36,
        punishment_count=0,
        enforcement_count=0,
        fee_amount=Decimal("0"),
        entered_sources="行政审批股业务系统统计（演示数据）",
        table_three=table_three,
        table_three_source="依申请公开登记台账统计（演示数据）",
        table_four=_table_four(),
        table_four_source="法制股复议诉讼台账（演示数据）",
    )
    published_on = _day(today.year, 1, 20, today)
    with contextlib.suppress(publishing.NotReady):  # without column 53 it stays a draft
        publishing.write_publication(
            report,
            status=Publication.Status.PUBLISHED,
            published_on=published_on,
            written_on=published_on - datetime.timedelta(days=3),
        )
    return report


@transaction.atomic
def delete(unit=None):
    """Remove the demo reports (of `unit`, or every unit's) and their publications; how many."""
    reports = AnnualReport.objects.filter(is_demo=True)
    if unit is not None:
        reports = reports.filter(unit=unit)
    count = reports.count()
    publications = Publication.objects.filter(annual_report__in=reports)
    pks = list(publications.values_list("pk", flat=True))
    reports.delete()
    Publication.objects.filter(pk__in=pks).delete_with_files()
    return count
