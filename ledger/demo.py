"""
A demo work ledger for this year, in the shape of seed 004, with progress in every state.

A new portal should show at once what the ledger is for: requirements done, in progress,
delayed (with a reason), not started, overdue, ongoing with recent reports and ongoing with none
for months, a quarterly duty, and an office name that matches none of the bureau's offices.
Dates are relative to today. Every row is marked 演示数据; delete() removes them and nothing else.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from columns.models import Column
from ledger import office_names, publishing, responsibility
from ledger.models import Ledger, ProgressEntry, Requirement, Task
from offices.models import Office
from publications.models import Publication
from units.models import Unit
from workdays.months import add_months

WORK_COLUMN = ("监督保障", "工作推进")
State = ProgressEntry.State


def _rows(today):
    last_month = max(1, today.month - 1)
    next_month = min(12, today.month + 1)
    return [
        (
            "一、围绕中心工作抓好主动公开",
            "（一）以公开保障和改善民生",
            "加强低保、特困人员救助供养等方面的信息公开。",
            "社会救助科牵头，办公室配合",
            "年底前",
            [
                (-40, State.IN_PROGRESS, "已梳理救助政策目录", ""),
                (-5, State.DONE, "已在社会救助栏目集中公开", ""),
            ],
        ),
        (
            None,
            None,
            "按季度向社会公开重要民生实事项目的执行情况。",
            "办公室牵头，各相关科室配合",
            "年底前",
            [(-10, State.IN_PROGRESS, "已公开本季度执行情况", "")],
        ),
        (
            None,
            "（二）以公开强化监督管理",
            "准确公开权责清单并动态更新。",
            "办公室",
            f"{last_month}月底前",
            [],
        ),
        (
            "二、围绕提质增效抓好政策全流程公开",
            "（一）政策解读",
            "政策性文件与解读材料同步组织、同步审签、同步部署。",
            "办公室牵头，养老服务和慈善事业促进科、社会事务科配合",
            "持续推进",
            [(-12, State.IN_PROGRESS, "本月出台文件均已同步解读", "")],
        ),
        (
            None,
            None,
            "每年通过多形式征集公众意见不少于1次。",
            "养老服务和慈善事业促进科",
            "年底前",
            [(-20, State.DELAYED, "征集方案待局务会审定", "局务会延期召开，方案待审定")],
        ),
        (
            None,
            "（二）政策评议",
            "设置政策咨询、建议与评价窗口。",
            "办公室牵头，其他部门（单位）配合",
            f"{next_month}月底前",
            [(-3, State.NOT_STARTED, "已列入下月工作计划", "")],
        ),
        (
            "三、防范政务公开风险",
            "（一）强化安全保密",
            "公开前严格审查，落实“三级审核制”。",
            "办公室牵头，各科室配合",
            "长期坚持",
            [(-100, State.IN_PROGRESS, "已建立审核登记簿", "")],
        ),
        (None, None, "组织开展敏感信息专项整治，开展一次集中清理。", "办公室", "年底前", []),
    ]


def _day(today, offset):
    return max(
        datetime.date(today.year, 1, 1) - datetime.timedelta(days=120),
        today + datetime.timedelta(days=offset),
    )


@transaction.atomic
def load(today=None, unit=None):
    """
    Create `unit`'s (the first unit's) demo ledger of this year unless it has one for the year;
    return it or None.
    """
    today = today or timezone.localdate()
    unit = unit or Unit.objects.home()
    if Ledger.objects.filter(unit=unit, year=today.year).exists():
        return None
    column = work_column(unit)
    offices = Office.objects.filter(unit=unit)
    office = offices.filter(name="办公室").first() or offices.order_by("order", "pk").first()
    ledger = Ledger.objects.create(
        unit=unit,
        year=today.year,
        title=f"{today.year}年政务公开重点工作台账（演示数据）",
        document_number=f"示民办〔{today.year}〕3号",
        issued_on=add_months(today, -3) if today.month > 3 else datetime.date(today.year, 1, 15),
        owner_office=office,
        column=column,
        is_demo=True,
    )
    task = subtask = None
    requirements, reports = [], []
    for number, (level1, level2, text, offices, deadline, progress) in enumerate(
        _rows(today), start=1
    ):
        if level1:
            task = Task.objects.create(ledger=ledger, title=level1, order=number)
            subtask = None
        if level2:
            subtask = Task.objects.create(ledger=ledger, parent=task, title=level2, order=number)
        requirement = add_requirement(ledger, task, number, text, offices, deadline, subtask)
        requirements.append(requirement)
        for offset, state, what, reason in progress:
            reports.append((requirement, offset, state, what, reason))
    office_names.link(requirements)
    for requirement, offset, state, what, reason in reports:
        lead = requirement.responsibility_set.select_related("office").first()
        reporter = lead.office if lead else office
        if reporter is None:
            continue
        ProgressEntry.objects.create(
            requirement=requirement,
            office=reporter,
            reported_on=_day(today, offset),
            text=what,
            state=state,
            reason=reason,
            is_demo=True,
            status=ProgressEntry.Status.PUBLISHED,  # as if reviewed, like the demo publications
        )
    if column is not None:
        # Published on the day it was issued, as a bureau would: not late in its own column.
        publishing.file_ledger(
            ledger, status=Publication.Status.PUBLISHED, published_on=ledger.issued_on
        )
    return ledger


@transaction.atomic
def delete(unit=None):
    """Remove the demo ledgers (of `unit`, or every unit's) and their progress; how many went."""
    ledgers = Ledger.objects.filter(is_demo=True)
    if unit is not None:
        ledgers = ledgers.filter(unit=unit)
    count = ledgers.count()
    publications = list(ledgers.exclude(publication=None).values_list("publication", flat=True))
    ProgressEntry.objects.filter(requirement__ledger__in=ledgers).delete()
    ledgers.delete()
    Publication.objects.filter(pk__in=publications).delete_with_files()
    return count


def work_column(unit):
    """`unit`'s column ledgers are filed in (监督保障 › 工作推进), or None without it."""
    return Column.objects.filter(
        unit=unit, parent__name=WORK_COLUMN[0], name=WORK_COLUMN[1]
    ).first()


def add_requirement(ledger, task, number, text, offices, deadline, subtask=None):
    """Save requirement `number` as a ledger's sheet states it: offices and deadline as written."""
    parsed = responsibility.parse(offices)
    requirement = Requirement(
        ledger=ledger,
        task=task,
        subtask=subtask,
        number=str(number),
        text=text,
        lead_names=parsed.lead,
        support_names=parsed.support,
        deadline_text=deadline,
        order=number,
    )
    requirement.interpret_deadline()
    requirement.save()
    return requirement
