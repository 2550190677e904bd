"""
Turn the rows of a column table (栏目表) into the Column tree.

One function serves both the standard data (fixtures/columns.csv) and the spreadsheet importer (a
bureau's xlsx column table), so it takes plain rows, reports per row what it did or would do, and
raises one Chinese error that names every bad row before it writes anything.

A row is (number, level1, level2, ..., frequency, owner). The deepest non-empty level is the
numbered column; the levels above it are its ancestors, found by name under their parent, so a
numbered column can also be a parent (row 41 回应关切›主动回应 holds row 59) and the same name can
stand under two parents (乡村振兴, rows 24 and 58). A blank level cell above a filled one means
"same as the row above": the bureau's spreadsheet merges those cells and leaves them blank.
"""

import csv
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction

from columns.models import Column
from history.records import IMPORT_REASON
from offices.models import Office
from units.models import Unit
from versions.models import StaleVersion, version_digest

FREQUENCIES = {
    "及时更新": Column.Frequency.TIMELY,
    "每月更新": Column.Frequency.MONTHLY,
    "月度更新": Column.Frequency.MONTHLY,
    "季度更新": Column.Frequency.QUARTERLY,
    "年度更新": Column.Frequency.YEARLY,
}

COLLECTIVE_OWNERS = {
    "各科室": Column.OwnerKind.ALL_OFFICES,
    "各相关科室": Column.OwnerKind.RELATED_OFFICES,
    "谁承办谁更新": Column.OwnerKind.HANDLER,
}

# A grouping column (an ancestor with no row of its own) has no update duty and no owner.
GROUPING_OWNER_KIND = Column.OwnerKind.NONE

# Column.number is a PositiveSmallIntegerField: PostgreSQL's smallint stops at 32767, and SQLite
# would store anything, so the table is held to the range both accept.
STALE_CONFIRM = (
    "预览后系统中的栏目有改动（有人保存、新增或删除了栏目），未导入任何数据：请重新上传预览。"
)
MAX_NUMBER = 32767
NAME_MAX_LENGTH = Column._meta.get_field("name").max_length
OFFICE_MAX_LENGTH = Office._meta.get_field("name").max_length

NEW = "new"
CHANGED = "changed"
UNCHANGED = "unchanged"
KEPT = "kept"  # exists and differs from the table, left as it is (update_existing=False)
MISSING = "missing"  # not in the database and not created (create_missing=False)

STATUS_LABELS = {
    NEW: "新增",
    CHANGED: "更新",
    UNCHANGED: "未变",
    KEPT: "保留原值",
    MISSING: "缺少，未创建",
}

_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


class ColumnTableError(ValueError):
    """The table cannot be applied; `errors` holds one Chinese sentence per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class TableRow:
    """A checked row: merged cells filled in, frequency and owner mapped."""

    line: int
    number: int
    path: tuple
    frequency: str
    owner_kind: str
    owner_name: str  # the office's name when owner_kind is "office", else ""


@dataclass
class RowResult:
    """
    What applying one row did (or, in a dry run, would do) to its numbered column.

    After a dry run `column` is the rolled-back object: read it, never save or link it.
    """

    line: int
    number: int
    path: tuple
    status: str
    changes: list = field(default_factory=list)  # verbose names of the fields that differ
    new_parents: list = field(default_factory=list)  # grouping columns created for this row
    column: Column | None = None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def clean_text(value):
    """Return a cell as text: stray spaces between Chinese characters dropped, ends stripped."""
    if value is None:
        return ""
    text = str(value).strip()
    return " ".join(_CJK_GAP.sub("", text).split())


def _row_name(line, number=None):
    return f"第{line}行（序号{number}）" if number is not None else f"第{line}行"


def _parse_number(value):
    text = clean_text(value)
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    return None


def parse_rows(rows, *, first_line=1):
    """
    Check `rows` and return them as TableRow, or raise ColumnTableError naming each bad row.

    `first_line` is the line (file or sheet row) of the first row, so errors point at the place
    a clerk can find.
    """
    parsed, errors = [], []
    previous_path = ()
    seen_numbers, seen_paths = {}, {}
    for line, row in enumerate(rows, start=first_line):
        row = list(row)
        if not any(clean_text(cell) for cell in row):
            continue  # a blank row between groups; counted, so later lines stay right
        if len(row) < 4:
            errors.append(f"{_row_name(line)}：列数不足，应为序号、各级栏目、更新频率、负责科室。")
            continue
        number = _parse_number(row[0])
        where = _row_name(line, number if number is not None else clean_text(row[0]) or "空")
        if number is None or number < 1:
            errors.append(f"{where}：序号应为正整数。")
        elif number > MAX_NUMBER:
            errors.append(f"{where}：序号不能大于{MAX_NUMBER}。")
            number = None
        cells = [clean_text(cell) for cell in row[1:-2]]
        frequency_text = "".join(clean_text(row[-2]).split())
        owner_text = "".join(clean_text(row[-1]).split())

        path, path_ok = [], True
        filled = [i for i, cell in enumerate(cells) if cell]
        if not filled:
            errors.append(f"{where}：栏目名称为空。")
            path_ok = False
        else:
            same_as_above = True
            for depth, cell in enumerate(cells[: filled[-1] + 1]):
                if cell:
                    if depth >= len(previous_path) or cell != previous_path[depth]:
                        same_as_above = False
                    path.append(cell)
                elif same_as_above and depth < len(previous_path):
                    path.append(previous_path[depth])
                else:
                    errors.append(f"{where}：第{depth + 1}级栏目为空，且无法沿用上一行的栏目。")
                    path_ok = False
                    break

        for depth, name in enumerate(cells, start=1):
            if len(name) > NAME_MAX_LENGTH:
                errors.append(
                    f"{where}：第{depth}级栏目名称过长（{len(name)}字），"
                    f"不能超过{NAME_MAX_LENGTH}字。"
                )
                path_ok = False

        frequency = FREQUENCIES.get(frequency_text)
        if frequency is None:
            errors.append(
                f"{where}：更新频率“{frequency_text}”无法识别，"
                "应为及时更新、每月更新（月度更新）、季度更新或年度更新。"
            )
        if not owner_text:
            errors.append(f"{where}：负责科室为空。")
        elif len(owner_text) > OFFICE_MAX_LENGTH:
            errors.append(
                f"{where}：负责科室名称过长（{len(owner_text)}字），不能超过{OFFICE_MAX_LENGTH}字。"
            )
            owner_text = ""
        owner_kind = COLLECTIVE_OWNERS.get(owner_text, Column.OwnerKind.OFFICE)
        owner_name = owner_text if owner_kind == Column.OwnerKind.OFFICE else ""

        if path_ok:
            path = tuple(path)
            previous_path = path
            if path in seen_paths:
                errors.append(f"{where}：栏目“{' › '.join(path)}”与第{seen_paths[path]}行重复。")
            seen_paths.setdefault(path, line)
        if number is not None:
            if number in seen_numbers:
                errors.append(f"{where}：序号与第{seen_numbers[number]}行重复。")
            seen_numbers.setdefault(number, line)
        if path_ok and number and frequency and owner_text:
            parsed.append(TableRow(line, number, path, frequency, owner_kind, owner_name))
    if errors:
        raise ColumnTableError(errors)
    return parsed


def read_csv(path):
    """
    Return the data rows of a column-table CSV (header: number, level1..., frequency, owner).

    Blank lines inside the table are kept (parse_rows skips them) so messages name the file's
    lines; trailing ones are dropped.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


class AppliedRows(list):
    """apply_rows' results, one per row, and `state`: the columns' version_digest before."""

    state = ""


def apply_rows(
    rows,
    *,
    first_line=1,
    update_existing=True,
    create_missing=True,
    dry_run=False,
    expected_state=None,
    unit=None,
):
    """
    Create or update the Column tree from column-table `rows`; return one RowResult per row.

    Numbered columns are matched on their number (then on their path, so a grouping column can
    become numbered); ancestors are matched by name under their parent. With
    `update_existing=False` a column that already exists is left as it is (status "kept" when it
    differs), so edits made in the admin survive. With `create_missing=False` a row whose
    numbered column is not in the database is only reported (status "missing"), so a column
    deleted in the admin stays deleted. Everything runs in one atomic block; `dry_run` rolls it
    back, so the results say what would change and nothing is written.

    With `expected_state` (the `state` of the preview's results) the table is applied only if no
    column was saved, added or deleted since the preview; the columns stay locked until the end.
    Everything is `unit`'s (the first unit when None): its columns, and the offices it names.
    """
    table = parse_rows(rows, first_line=first_line)
    with transaction.atomic():
        applier = _Applier(update_existing, create_missing, lock=not dry_run, unit=unit)
        if expected_state is not None and expected_state != applier.state:
            raise ColumnTableError([STALE_CONFIRM])
        results = AppliedRows(applier.apply(table))
        results.state = applier.state
        if dry_run:
            transaction.set_rollback(True)
    return results


class _Applier:
    """Apply checked rows against an in-memory index of the columns, one write per change."""

    def __init__(self, update_existing, create_missing=True, lock=False, unit=None):
        self.unit = unit if unit is not None else Unit.objects.home()
        self.update_existing = update_existing
        self.create_missing = create_missing
        self.offices = {office.name: office for office in Office.objects.filter(unit=self.unit)}
        self.next_office_order = max((o.order for o in self.offices.values()), default=0) + 1
        # Locked when writing: no edit slips in between the preview's check and the saves.
        columns = Column.objects.filter(unit=self.unit)
        columns = list(columns.select_for_update() if lock else columns)
        self.state = version_digest(columns)
        self.by_number = {c.number: c for c in columns if c.number is not None}
        self.by_key = {(c.parent_id, c.name): c for c in columns}

    def apply(self, table):
        numbers_in_table = {row.number for row in table}
        results = []
        for position, row in enumerate(table, start=1):
            results.append(self._apply_row(position, row, numbers_in_table))
        return results

    def _office(self, name):
        if name not in self.offices:
            with _saving(f"科室“{name}”"):
                office = Office.objects.create(
                    unit=self.unit, name=name, order=self.next_office_order
                )
            self.offices[name] = office
            self.next_office_order += 1
        return self.offices[name]

    def _parent_for(self, row, position, *, create):
        """
        Find (or, with `create`, make) the ancestors of `row`'s column.

        Return (parent, names created, found): `found` is False when an ancestor is missing and
        `create` is off.
        """
        parent, created = None, []
        for name in row.path[:-1]:
            key = (parent.pk if parent else None, name)
            node = self.by_key.get(key)
            if node is None:
                if not create:
                    return None, created, False
                node = Column(
                    unit=self.unit,
                    parent=parent,
                    name=name,
                    order=position,
                    frequency="",
                    owner_kind=GROUPING_OWNER_KIND,
                )
                self._save(node, _row_name(row.line, row.number))
                self.by_key[key] = node
                created.append(name)
            parent = node
        return parent, created, True

    def _wanted(self, row, position, parent, *, create_office=True):
        office = None
        if row.owner_name:
            if create_office or row.owner_name in self.offices:
                office = self._office(row.owner_name)
            else:
                office = Office(name=row.owner_name)  # unsaved: only compared, never linked
        return {
            "number": row.number,
            "name": row.path[-1],
            "parent": parent,
            "order": position,
            "frequency": row.frequency,
            "owner_kind": row.owner_kind,
            "owner_office": office,
        }

    @staticmethod
    def _changes(column, wanted, parent_found=True):
        """Verbose names of the fields that differ; foreign keys compared by id (no queries)."""
        changes = []
        for attr, value in wanted.items():
            model_field = Column._meta.get_field(attr)
            if model_field.is_relation:
                wanted_id = value.pk if value is not None else None
                unsaved = value is not None and value.pk is None
                differs = unsaved or getattr(column, model_field.attname) != wanted_id
                differs = differs or (attr == "parent" and not parent_found)
            else:
                differs = getattr(column, attr) != value
            if differs:
                changes.append(model_field.verbose_name)
        return changes

    def _apply_row(self, position, row, numbers_in_table):
        result = RowResult(row.line, row.number, row.path, UNCHANGED)
        where = _row_name(row.line, row.number)
        column = self.by_number.get(row.number)

        if column is None and not self.create_missing:
            result.status = MISSING
            return result
        if column is not None and not self.update_existing:
            # Leave the column and its ancestors exactly as the admin has them; only report.
            parent, _, found = self._parent_for(row, position, create=False)
            wanted = self._wanted(row, position, parent, create_office=False)
            result.changes = self._changes(column, wanted, found)
            result.status = KEPT if result.changes else UNCHANGED
            result.column = column
            # Rows below this one (row 59 under row 41) hang under the column as it is.
            if found:
                self.by_key[(parent.pk if parent else None, row.path[-1])] = column
            return result

        parent, result.new_parents, _ = self._parent_for(row, position, create=True)
        wanted = self._wanted(row, position, parent)
        key = (parent.pk if parent else None, row.path[-1])
        at_path = self.by_key.get(key)
        if column is None and at_path is not None:
            if at_path.number is not None and at_path.number in numbers_in_table:
                raise ColumnTableError(
                    [f"{where}：栏目“{' › '.join(row.path)}”已是序号{at_path.number}的栏目。"]
                )
            column = at_path  # a grouping (or renumbered) column takes this row's number
        if column is not None and at_path is not None and at_path.pk != column.pk:
            raise ColumnTableError(
                [f"{where}：已有另一个栏目位于“{' › '.join(row.path)}”，无法移动序号{row.number}。"]
            )

        if column is None:
            column = Column(unit=self.unit, **wanted)
            self._save(column, where)
            result.status = NEW
        else:
            result.changes = self._changes(column, wanted)
            if result.changes:
                old_key = (column.parent_id, column.name)
                for attr, value in wanted.items():
                    setattr(column, attr, value)
                self._save(column, where)
                if self.by_key.get(old_key) is column:
                    del self.by_key[old_key]
                result.status = CHANGED
        self.by_number[column.number] = column
        self.by_key[key] = column
        result.column = column
        return result

    @staticmethod
    def _save(column, where):
        # One save per changed column, so each gets its history record (history.records).
        column._change_reason = IMPORT_REASON
        with _saving(where):
            column.save()


@contextmanager
def _saving(where):
    """
    Turn a database refusal into a ColumnTableError naming the row.

    parse_rows checks what it can (numbers, lengths), but a database may still refuse a value; the
    savepoint keeps PostgreSQL's transaction usable until the error rolls the whole table back.
    """
    try:
        with transaction.atomic():
            yield
    except DatabaseError as error:
        raise ColumnTableError([f"{where}：无法保存（{error}）。"]) from error
    except StaleVersion as stale:
        raise ColumnTableError([f"{where}：{stale.message}"]) from stale
