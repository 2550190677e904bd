"""
The draft of a year's report built from the portal's data, for staff to check and edit.

Table 三 comes from the request register with 上年结转 taken from last year's report; sections
一, 五 and 六 get a first text from the publications, the requests (六 states the fees paid in
the year) and the ledger's state as of 31 December. Each unit's report is built from that unit's
publications, requests and ledger only. Staff's own edits to the texts and entered
numbers are kept: only empty texts are drafted again. A published report is not changed: the new draft becomes its revision, reviewed
before the public sees it (the one review contract).
"""

import datetime

from django.db.models import Count

from annualreport.models import AnnualReport
from inforequests import statistics
from inforequests import table_three as t3
from inforequests.models import InfoRequest
from ledger import standing
from ledger.models import Ledger, Requirement
from publications.models import Publication
from review import workflow
from reviewable.revisions import snapshot
from units.models import Unit


def table_three(year, unit):
    grid = statistics.table_three(year, InfoRequest.objects.filter(unit=unit)).as_dict()
    previous = AnnualReport.objects.filter(unit=unit, year=year - 1).first()
    if previous is not None:
        grid[t3.CARRIED_IN] = dict(previous.table_three.get(t3.CARRIED_OUT, grid[t3.CARRIED_IN]))
    return grid


def overview_text(year, grid, unit):
    rows = (
        Publication.objects.published()
        .filter(column__unit=unit, published_on__year=year)
        .values("column__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "column__name")
    )
    total = sum(row["n"] for row in rows)
    top = "、".join(f"“{row['column__name']}”{row['n']}条" for row in rows[:5])
    new = grid[t3.NEW][t3.TOTAL]
    done = grid[t3.RESULTS_TOTAL][t3.TOTAL]
    carried = grid[t3.CARRIED_OUT][t3.TOTAL]
    return (
        f"（一）主动公开。{year}年通过政府网站主动公开政府信息 {total} 条"
        + (f"，其中{top}" if top else "")
        + "。\n"
        f"（二）依申请公开。全年新收政府信息公开申请 {new} 件，办结 {done} 件，"
        f"结转下年度继续办理 {carried} 件。\n"
        "（三）政府信息管理。\n（四）平台建设。\n（五）监督保障。"
    )


def fee_text(year, unit):
    """Section 六's fee sentence from the fees `unit`'s register records as paid in `year`."""
    fees = statistics.fees_collected(year, InfoRequest.objects.filter(unit=unit))
    if not fees.cases:
        return "本年度未收取信息处理费。"
    return f"本年度共对 {fees.cases} 件申请收取信息处理费，合计 {fees.yuan} 元。"


def ledger_text(year, unit):
    """
    Section 六's ledger sentence: the requirements as they stood on 31 December, so a report
    drafted in March counts work finished in January as late, as checks.check_ledger does.
    """
    ledger = Ledger.objects.filter(unit=unit, year=year).first()
    if ledger is None:
        return f"{year}年未制定政务公开重点工作台账。"
    end = datetime.date(year, 12, 31)
    requirements = list(Requirement.objects.filter(ledger=ledger).order_by("order", "id"))
    progress = standing.progress_by_requirement(requirements, public_only=True)
    for r in requirements:
        entries = [entry for entry in progress.get(r.pk, []) if entry.reported_on <= end]
        r.standing = standing.status(r, entries, end)
    done = [r for r in requirements if r.standing.code == standing.Standing.DONE]
    overdue = [r for r in requirements if r.standing.code == standing.Standing.OVERDUE]
    ongoing = [
        r
        for r in requirements
        if r.standing.code in (standing.Standing.ONGOING, standing.Standing.STALE)
    ]
    text = (
        f"《{ledger.title}》共 {len(requirements)} 项具体要求，截至 {year} 年 12 月 31 日，"
        f"已完成 {len(done)} 项，持续推进 {len(ongoing)} 项，未按期完成 {len(overdue)} 项。"
    )
    if overdue:
        text += (
            "未按期完成的："
            + "；".join(f"第 {r.number} 项（{r.text[:30].rstrip('。')}）" for r in overdue)
            + "。"
        )
    return text


def draft(year, user=None, unit=None):
    """
    Create or refresh `unit`'s (the first unit's by default) report of `year` from its data;
    return it. On a published report the
    result is saved as `user`'s revision (review.workflow.save_revision), starting from the
    pending revision's text if there is one; the live report stays as published.
    """
    unit = unit or Unit.objects.home()
    live, _ = AnnualReport.objects.get_or_create(unit=unit, year=year)
    revision = workflow.open_revision(live)
    report = revision.proposed(live) if revision is not None else live
    _fill(report, year, unit)
    if live.status == AnnualReport.Status.PUBLISHED:
        workflow.save_revision(user, live, snapshot(report))
        return live
    report.save()
    return report


def _fill(report, year, unit):
    report.table_three = table_three(year, unit)
    report.table_three_source = f"依申请公开登记台账统计（{datetime.date.today().isoformat()}）"
    if not report.overview:
        report.overview = overview_text(year, report.table_three, unit)
    if not report.other_matters:
        report.other_matters = (
            f"（一）收取信息处理费情况：{fee_text(year, unit)}\n"
            f"（二）年度政务公开重点工作任务落实情况：{ledger_text(year, unit)}"
        )
    if not report.problems:
        report.problems = "（一）存在的主要问题：\n（二）改进情况："
