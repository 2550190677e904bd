"""
Importing a ledger: compare what a file says with the stored ledger, then write it all or nothing.

Requirements are matched on their number (序号) within the ledger, or on their text where a file
numbers none. A requirement that already has progress is never deleted by an import: the file is
refused instead, so that no office's reports are lost.
"""

from dataclasses import dataclass, field

from django.db import transaction

from ledger import deadlines, office_names
from ledger.models import Ledger, ProgressEntry, Requirement, Task
from spreadsheet.errors import SpreadsheetError

COMPARED = {
    "task": "工作任务",
    "subtask": "二级任务",
    "text": "具体要求",
    "lead_names": "牵头单位",
    "support_names": "配合单位",
    "guide_names": "指导单位",
    "deadline_text": "时限要求",
}


class ImportRefused(Exception):
    """The file cannot be imported; the message (Chinese) names where and why."""


@dataclass
class Line:
    """One requirement of the preview: new, changed (with the fields), unchanged or removed."""

    kind: str  # "new", "changed", "unchanged", "removed"
    number: str
    text: str
    changes: list = field(default_factory=list)
    where: str = ""
    due: object = None
    ongoing: bool = False
    read: object = None
    existing: object = None

    @property
    def kind_label(self):
        return {"new": "新增", "changed": "修改", "unchanged": "无变化", "removed": "删除"}[
            self.kind
        ]


@dataclass
class Plan:
    year: int
    lines: list
    warnings: list
    matches: list  # office_names.Match of every name the file writes, in the file's order

    @property
    def unmatched(self):
        """The names that will wait for a person to map them."""
        return [match.name for match in self.matches if match.waits]

    def count(self, kind):
        return sum(1 for line in self.lines if line.kind == kind)

    @property
    def has_changes(self):
        return any(line.kind != "unchanged" for line in self.lines)

    def summary(self):
        return (
            f"{self.year} 年台账：新增 {self.count('new')} 条，修改 {self.count('changed')} 条，"
            f"删除 {self.count('removed')} 条，无变化 {self.count('unchanged')} 条"
        )


def _key(number, text):
    return f"#{number}" if number else text


def _values(read):
    return {
        "task": read.task,
        "subtask": read.subtask,
        "text": read.text,
        "lead_names": read.lead,
        "support_names": read.support,
        "guide_names": read.guide,
        "deadline_text": read.deadline_text,
    }


def _stored_values(requirement):
    return {
        "task": requirement.task.title,
        "subtask": requirement.subtask.title if requirement.subtask_id else "",
        "text": requirement.text,
        "lead_names": requirement.lead_names,
        "support_names": requirement.support_names,
        "guide_names": requirement.guide_names,
        "deadline_text": requirement.deadline_text,
    }


def plan(read_ledger, year, *, issued_on=None):
    """What importing `read_ledger` into `year`'s ledger would do, or ImportRefused."""
    existing = {}
    ledger = Ledger.objects.filter(year=year).first()
    if ledger is not None:
        issued_on = issued_on or ledger.issued_on
        for requirement in Requirement.objects.filter(ledger=ledger).select_related(
            "task", "subtask"
        ):
            existing[_key(requirement.number, requirement.text)] = requirement
    seen, lines, warnings = {}, [], list(read_ledger.warnings)
    matcher = office_names.Matcher()
    matches = {}
    for read in read_ledger.requirements:
        key = _key(read.number, read.text)
        if key in seen:
            raise ImportRefused(
                str(
                    SpreadsheetError(
                        f"序号 {read.number} 重复（{seen[key].where}已使用）",
                        sheet=read.sheet,
                        row=read.row,
                        column="具体要求",
                    )
                )
            )
        seen[key] = read
        meaning = deadlines.interpret(read.deadline_text, year)
        if not meaning.understood:
            warnings.append(
                f"{read.where}“时限要求”列：“{read.deadline_text or '（空）'}”无法识别为日期，"
                "将按原文保存，不计算到期"
            )
        elif issued_on and meaning.due and meaning.due < issued_on:
            warnings.append(
                f"{read.where}“时限要求”列：完成时间 {meaning.due.isoformat()} 早于台账印发日期 "
                f"{issued_on.isoformat()}，请核对"
            )
        for name in office_names.names_in([read.lead, read.support, read.guide]):
            if name not in matches:
                matches[name] = matcher.explain(name)
        values = _values(read)
        current = existing.get(key)
        if current is None:
            kind, changes = "new", []
        else:
            stored = _stored_values(current)
            changes = [label for name, label in COMPARED.items() if stored[name] != values[name]]
            kind = "changed" if changes else "unchanged"
        lines.append(
            Line(
                kind=kind,
                number=read.number,
                text=read.text,
                changes=changes,
                where=read.where,
                due=meaning.due,
                ongoing=meaning.ongoing,
                read=read,
                existing=current,
            )
        )
    removed = [requirement for key, requirement in existing.items() if key not in seen]
    with_progress = set(
        ProgressEntry.objects.filter(requirement__in=removed).values_list(
            "requirement_id", flat=True
        )
    )
    for requirement in removed:
        if requirement.pk in with_progress:
            raise ImportRefused(
                f"文件中没有序号 {requirement.number or requirement.text[:20]} 的要求，"
                "但它已有进展记录，不能删除。请在文件中保留该要求后重新导入"
            )
        lines.append(
            Line(
                kind="removed",
                number=requirement.number,
                text=requirement.text,
                existing=requirement,
            )
        )
    return Plan(year=year, lines=lines, warnings=warnings, matches=list(matches.values()))


def _task(ledger, title, parent, tasks, order):
    key = (parent.pk if parent else None, title)
    if key not in tasks:
        tasks[key] = Task.objects.create(ledger=ledger, parent=parent, title=title, order=order)
    return tasks[key]


@transaction.atomic
def apply(import_plan, *, title="", document_number="", issued_on=None, owner_office=None):
    """Write `import_plan` (from plan()) in one transaction; return the Ledger."""
    year = import_plan.year
    ledger, _ = Ledger.objects.select_for_update().get_or_create(
        year=year, defaults={"title": title or f"{year}年政务公开重点工作台账"}
    )
    for name, value in (
        ("title", title),
        ("document_number", document_number),
        ("issued_on", issued_on),
        ("owner_office", owner_office),
    ):
        if value:
            setattr(ledger, name, value)
    ledger.save()
    tasks = {(task.parent_id, task.title): task for task in ledger.tasks.all()}
    used_tasks, requirements = {}, []
    for order, line in enumerate(import_plan.lines, start=1):
        if line.kind == "removed":
            line.existing.delete()
            continue
        read = line.read
        task = _task(ledger, read.task, None, tasks, order)
        subtask = _task(ledger, read.subtask, task, tasks, order) if read.subtask else None
        for used in (task, subtask):
            if used is not None and used.pk not in used_tasks:
                used_tasks[used.pk] = used
                used.order = order
        requirement = line.existing or Requirement(ledger=ledger)
        requirement.ledger = ledger
        requirement.task, requirement.subtask = task, subtask
        requirement.number, requirement.text = read.number, read.text
        requirement.lead_names, requirement.support_names = read.lead, read.support
        requirement.guide_names = read.guide
        requirement.deadline_text = read.deadline_text
        requirement.order = order
        requirement.interpret_deadline()
        requirement.save()
        requirements.append(requirement)
    Task.objects.bulk_update(used_tasks.values(), ["order"])
    ledger.tasks.exclude(pk__in=used_tasks).delete()
    office_names.link(requirements)
    return ledger


def import_file(read_ledger, year, *, dry_run=False, **ledger_fields):
    """Plan and, unless `dry_run`, apply; return (plan, ledger or None)."""
    import_plan = plan(read_ledger, year, issued_on=ledger_fields.get("issued_on"))
    if dry_run:
        return import_plan, None
    return import_plan, apply(import_plan, **ledger_fields)
