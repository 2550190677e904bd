"""
Last year's annual report as demo data, published in column 53, so a new portal shows one.

Its tables add up (一 + 二 = 三(七) + 四 in every column) and its texts read like a real report;
it is marked 演示数据 and delete() removes it with its publication, nothing else.
"""

import contextlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from annualreport import publishing, tables
from annualreport.models import AnnualReport
from inforequests import table_three as t3
from publications.models import Publication

# (自然人, 商业企业) per row; the other columns stay 0.
FIGURES = {
    t3.NEW: (11, 2),
    t3.CARRIED_IN: (1, 0),
    t3.OUTCOME_ROW["public"]: (6, 1),
    t3.OUTCOME_ROW["partial"]: (1, 0),
    t3.OUTCOME_ROW["unable_not_held"]: (3, 1),
    t3.OUTCOME_ROW["not_handled_repeat"]: (1, 0),
    t3.RESULTS_TOTAL: (11, 2),
    t3.CARRIED_OUT: (1, 0),
}


def _table_three():
    grid = tables.empty_table_three()
    for row, (person, business) in FIGURES.items():
        grid[row][t3.NATURAL_PERSON] = person
        grid[row]["商业企业"] = business
        grid[row][t3.TOTAL] = person + business
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


@transaction.atomic
def load(today=None):
    """Create and publish last year's demo report unless a report for that year exists."""
    year = (today or timezone.localdate()).year - 1
    if AnnualReport.objects.filter(year=year).exists():
        return None
    report = AnnualReport.objects.create(
        year=year,
        is_demo=True,
        overview=(
            f"（一）主动公开。{year}年通过政府网站主动公开政府信息 186 条，其中社会救助 64 条、养老服务 41 条。\n"
            "（二）依申请公开。全年新收政府信息公开申请 13 件，办结 13 件，结转下年度继续办理 1 件。\n"
            "（三）政府信息管理。完成规范性文件清理，集中公开现行有效文件目录。\n"
            "（四）平台建设。完成政务公开专栏改版，支持关怀版和繁体浏览。\n"
            "（五）监督保障。落实“三级审核制”，每月通报重点工作推进情况。"
        ),
        problems="（一）存在的主要问题：政策解读形式较为单一。\n（二）改进情况：增加图解和问答式解读。",
        other_matters=(
            "（一）收取信息处理费情况：本年度未收取信息处理费。\n"
            "（二）年度政务公开重点工作任务落实情况：年度台账 8 项具体要求已完成 7 项，1 项延期至次年一季度。"
        ),
        licensing_count=36,
        punishment_count=0,
        enforcement_count=0,
        fee_amount=Decimal("0"),
        entered_sources="行政审批股业务系统统计（演示数据）",
        table_three=_table_three(),
        table_three_source="依申请公开登记台账统计（演示数据）",
        table_four=_table_four(),
        table_four_source="法制股复议诉讼台账（演示数据）",
    )
    with contextlib.suppress(publishing.NotReady):  # without column 53 it stays a draft
        publishing.write_publication(report, status=Publication.Status.PUBLISHED)
    return report


@transaction.atomic
def delete():
    """Remove the demo reports and their publications; return how many reports went."""
    reports = AnnualReport.objects.filter(is_demo=True)
    count = reports.count()
    publications = Publication.objects.filter(annual_report__in=reports)
    pks = list(publications.values_list("pk", flat=True))
    reports.delete()
    Publication.objects.filter(pk__in=pks).delete_with_files()
    return count
