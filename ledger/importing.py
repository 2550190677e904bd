"""
Importing a ledger: compare what a file says with the stored ledger, then write it all or nothing.

Requirements are matched on their number (序号) within the ledger, or on their text where a file
numbers none. A requirement that already has progress is never deleted by an import: the file is
refused instead, so that no office's reports are lost. Nor is a published one: it leaves the
public ledger only by a withdrawal through the review (先审后发), never by a file.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from catalogue.resources import insert_instances
from ledger import deadlines, office_names
from ledger.models import Ledger, ProgressEntry, Requirement, Task
from pagecache.models import ContentVersion
from review.workflow import ReviewRefused, save_revisions
from reviewable.revisions import snapshot
from reviewable.steps import PUBLISHED
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
    """What an import would do; `versions` are those of the requirements it read."""

    year: int
    lines: list
    warnings: list
    matches: list  # office_names.Match of every name the file writes, in the file's order
    unit: object = None  # the unit whose ledger it writes

    @property
    def unmatched(self):
        """The names that will wait for a person to map them."""
        return [match.name for match in self.matches if match.waits]

    @property
    def versions(self):
        return {
            str(line.existing.pk): line.existing.version
            for line in self.lines
            if line.existing is not None
        }

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


def plan(read_ledger, year, unit, *, issued_on=None):
    """What importing `read_ledger` into `unit`'s ledger of `year` would do, or ImportRefused."""
    existing = {}
    ledger = Ledger.objects.filter(unit=unit, year=year).first()
    if ledger is not None:
        issued_on = issued_on or ledger.issued_on
        for requirement in Requirement.objects.filter(ledger=ledger).select_related(
            "ledger", "task", "subtask"
        ):
            existing[_key(requirement.number, requirement.text)] = requirement
    seen, lines, warnings = {}, [], list(read_ledger.warnings)
    matcher = office_names.Matcher(unit.pk)
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
                f"{read.where}“时限要求”列：完成时间 {date_format(meaning.due)} 早于台账印发日期 "
                f"{date_format(issued_on)}，请核对"
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
        if requirement.status == PUBLISHED:
            raise ImportRefused(
                f"文件中没有序号 {requirement.number or requirement.text[:20]} 的要求，"
                "但它已公开，不能通过导入删除。请先在该要求的审核页面撤回，再重新导入"
            )
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
    return Plan(
        year=year, lines=lines, warnings=warnings, matches=list(matches.values()), unit=unit
    )


def _parent_key(parent):
    if parent is None:
        return None
    return ("pk", parent.pk) if parent.pk else ("new", id(parent))


class Tasks:
    """The ledger's tasks by (parent, title); new ones wait to be inserted in bulk."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.by_key = {
            (("pk", task.parent_id) if task.parent_id else None, task.title): task
            for task in ledger.tasks.all()
        }
        self.new = []

    def get(self, title, parent, order):
        key = (_parent_key(parent), title)
        if key not in self.by_key:
            task = Task(ledger=self.ledger, parent=parent, title=title, order=order)
            self.by_key[key] = task
            self.new.append(task)
        return self.by_key[key]

    def insert(self):
        """Insert the new tasks, parents first (their ids are the children's parent ids)."""
        for top in (True, False):
            batch = [task for task in self.new if (task.parent is None) == top]
            for task in batch:
                task.parent_id = task.parent.pk if task.parent is not None else None
            if batch:
                Task.objects.bulk_create(batch, batch_size=len(batch))


def _locked_versions(ledger, pks):
    rows = Requirement.objects.select_for_update().filter(ledger=ledger, pk__in=pks)
    return dict(rows.values_list("pk", "version"))


def check_versions(import_plan, stored, expected=None):
    """
    Refuse, naming the row, when a requirement changed since the preview read it.

    `stored` maps the ids of the plan's requirements to their versions now (locked);
    `expected` those the preview read (the plan's own when the preview is this very plan).
    """
    for line in import_plan.lines:
        if line.existing is None:
            continue
        pk = line.existing.pk
        seen = line.existing.version if expected is None else expected.get(str(pk))
        if stored.get(pk) != seen:
            where = line.where or "文件中已删去的行"
            raise ImportRefused(
                f"{where}：序号 {line.number or '（无）'} 的要求“{line.text[:20]}”在预览之后"
                "已被他人修改或删除，本次未写入任何数据。请重新上传并预览，以免覆盖他人的修改。"
            )


def _update_requirements(requirements):
    """One executemany UPDATE that writes the fields and claims the next version."""
    if not requirements:
        return
    fields = [Requirement._meta.get_field(name) for name in Requirement.FROM_FILE]
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(field.column)} = %s" for field in fields)
    table = qn(Requirement._meta.db_table)
    now = Requirement._meta.get_field("updated_at").get_db_prep_save(timezone.now(), connection)
    rows = [
        [
            *(field.get_db_prep_save(getattr(r, field.attname), connection) for field in fields),
            now,
            r.pk,
        ]
        for r in requirements
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {sets}, {qn('updated_at')} = %s, "
            f"{qn('version')} = {qn('version')} + 1 WHERE {qn('id')} = %s",
            rows,
        )
    for requirement in requirements:
        requirement.version += 1


@transaction.atomic
def apply(
    import_plan,
    *,
    title="",
    document_number="",
    issued_on=None,
    owner_office=None,
    user=None,
    expected_versions=None,
):
    """
    Write `import_plan` (from plan()) in one transaction; return the Ledger.

    The requirements the preview read are locked and must still be at the versions it read
    (`expected_versions`, {str(id): version}, else the plan's own; ImportRefused names the row). A change to a published requirement becomes a
    revision for the review (`user` its author); unchanged rows are not written; the cached
    pages are dropped once.
    """
    year, unit = import_plan.year, import_plan.unit
    ledger = Ledger.objects.select_for_update().filter(unit=unit, year=year).first()
    wrote = False
    if ledger is None:
        (ledger,) = Ledger.objects.bulk_create(
            [Ledger(unit=unit, year=year, title=title or f"{year}年政务公开重点工作台账")]
        )
        wrote = True
    given = {
        "title": title,
        "document_number": document_number,
        "issued_on": issued_on,
        "owner_office_id": owner_office.pk if owner_office else None,
    }
    changed = {k: v for k, v in given.items() if v and getattr(ledger, k) != v}
    if changed:
        Ledger.objects.filter(pk=ledger.pk).update(
            **changed, version=F("version") + 1, updated_at=timezone.now()
        )
        for name, value in changed.items():
            setattr(ledger, name, value)
        wrote = True
    existing = [line.existing.pk for line in import_plan.lines if line.existing is not None]
    check_versions(import_plan, _locked_versions(ledger, existing), expected_versions)

    tasks = Tasks(ledger)
    removed, new, updated, proposals, used = [], [], [], [], {}
    for order, line in enumerate(import_plan.lines, start=1):
        if line.kind == "removed":
            removed.append(line.existing.pk)
            continue
        read = line.read
        task = tasks.get(read.task, None, order)
        subtask = tasks.get(read.subtask, task, order) if read.subtask else None
        for task_used in (task, subtask):
            if task_used is not None and id(task_used) not in used:
                used[id(task_used)] = task_used
                task_used.new_order = order
        requirement = line.existing or Requirement(ledger=ledger)
        moved_row = line.existing is not None and line.existing.order != order
        requirement.number, requirement.text = read.number, read.text
        requirement.lead_names, requirement.support_names = read.lead, read.support
        requirement.guide_names = read.guide
        requirement.deadline_text = read.deadline_text
        requirement.order = order
        requirement.interpret_deadline()
        line.task_objects = (task, subtask)
        if line.existing is None:
            new.append((requirement, line))
        elif line.kind == "changed" or moved_row:
            if requirement.status == PUBLISHED:
                proposals.append((requirement, line))
            else:
                updated.append((requirement, line))

    tasks.insert()
    for requirement, line in [*new, *updated, *proposals]:
        requirement.task, requirement.subtask = line.task_objects
    moved = [t for t in used.values() if t.pk and t.order != t.new_order]
    for task in moved:
        task.order = task.new_order
    Task.objects.bulk_update(moved, ["order"], batch_size=max(len(moved), 1))

    if removed:
        Requirement.objects.filter(pk__in=removed).delete()
    if new:
        insert_instances([requirement for requirement, _ in new])
        known = set(existing)
        ids = {
            order: pk
            for pk, order in Requirement.objects.filter(ledger=ledger).values_list("pk", "order")
            if pk not in known
        }
        for requirement, _ in new:
            requirement.pk = ids[requirement.order]
            requirement._state.adding = False
    _update_requirements([requirement for requirement, _ in updated])
    if proposals:
        try:
            save_revisions(user, [(r, snapshot(r)) for r, _ in proposals])
        except ReviewRefused as refused:
            raise ImportRefused(refused.message) from refused
    stale_tasks = ledger.tasks.exclude(pk__in=[t.pk for t in used.values()])
    if stale_tasks.exists():
        stale_tasks.delete()
        wrote = True
    linked = [requirement for requirement, _ in [*new, *updated]]
    if linked:
        office_names.link(linked, office_names.Matcher(unit.pk))
    if wrote or removed or new or updated or moved or tasks.new:
        ContentVersion.objects.bump(ledger.unit_id)
    return ledger


def import_file(read_ledger, year, unit, *, dry_run=False, **ledger_fields):
    """Plan and, unless `dry_run`, apply to `unit`'s ledger; return (plan, ledger or None)."""
    import_plan = plan(read_ledger, year, unit, issued_on=ledger_fields.get("issued_on"))
    if dry_run:
        return import_plan, None
    return import_plan, apply(import_plan, **ledger_fields)
