"""
Demo publications, dated relative to the day they are loaded (fixtures/demo_publications.json).

A new installation should show at once what the column pages and the self-check are for: columns
that are up to date, due soon, overdue and empty. Fixed dates would be stale a month later, so
each record says where it stands relative to today, and this module turns that into dates with
the same working-day calendar (workdays.calendar) and column deadlines (disclosure.standing) that
judge the columns afterwards:

- `{"period": 0, "day": 6, "written_before": 2}`: published on day 6 of the current period of the
  column's frequency (-1 the previous period …; a timely column counts in months), clamped to today;
  成文日期 2 working days earlier;
- `{"written": 30, "published_after": 4}`: written 30 working days ago, published 4 after;
- `{"written": 45, "late_by": 6}`: published 6 working days after the column's deadline;
- `{"draft_due_in": 3}`: a draft whose deadline falls about 3 days ahead (in the due-soon window);
- `{"draft_overdue_by": 6}`: a draft whose deadline passed about 6 days ago.

Each record names the catalogue items it fulfils (`items`: [domain, level-1, level-2] triples), so
item pages list their own documents and the self-check judges them by the items' deadlines; an
item renamed or deleted in the admin is left out with a warning.

Every row is marked `is_demo`; loading, refreshing and deleting never change any other
publication, nor another unit's: each works on one unit (the first unit when none is given). A
town holds only some of the county's columns, so it gets the records of the columns it has (and
of the items it holds); the rest are left out and counted in a warning.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from openpyxl.styles import Font

from catalogue.models import DisclosureItem
from columns import freshness
from disclosure import standing
from publications.models import Attachment, Publication
from sitewide.xlsx import new_workbook, print_setup, set_text, workbook_bytes
from units.models import Unit
from workdays.calendar import working_calendar
from workdays.months import add_months, month_end

FIXTURE_PATH = settings.BASE_DIR / "fixtures" / "demo_publications.json"

DATE_KEYS = {
    "period": {"period", "day", "written_before"},
    "written": {"written", "published_after", "late_by"},
    "draft_due_in": {"draft_due_in"},
    "draft_overdue_by": {"draft_overdue_by"},
}
# How far back a draft's 成文日期 is searched for: enough for any deadline up to ~80 working days.
DRAFT_SEARCH_DAYS = 150


class DemoDataError(ValueError):
    """The demo data cannot be loaded; `errors` holds one Chinese sentence per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class DemoResult:
    """What a load, refresh or delete did, for the command's summary."""

    today: date
    existing: int = 0
    deleted: int = 0
    deleted_attachments: int = 0
    published: int = 0
    drafts: int = 0
    attachments: int = 0
    statuses: Counter = field(default_factory=Counter)
    estimated: int = 0
    warnings: list = field(default_factory=list)

    @property
    def created(self):
        return self.published + self.drafts


class DemoCalendar:
    """
    The bureau's calendar (workdays.calendar) as the demo counts with it: dates, not Deadlines.

    Remembers the years it had to estimate (no schedule entered) so that the loader can say so.
    """

    def __init__(self):
        self.calendar = working_calendar()
        self.guessed_years = set()

    def is_working_day(self, day):
        if self.calendar.is_estimated_year(day.year):
            self.guessed_years.add(day.year)
        return self.calendar.is_working_day(day)

    def add(self, start, n):
        """The n-th working day after `start`."""
        deadline = self.calendar.add_working_days(start, n)
        if deadline.estimated:
            self.guessed_years.update(
                year
                for year in range(start.year, deadline.date.year + 1)
                if self.calendar.is_estimated_year(year)
            )
        return deadline.date

    def back(self, start, n):
        """The n-th working day before `start`."""
        day = start
        while n:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def warning(self):
        if not self.guessed_years:
            return ""
        years = "、".join(str(year) for year in sorted(self.guessed_years))
        return (
            f"{years}年节假日安排尚未录入，演示数据中这些年份的日期按周一至周五估算（预估）。"
            "请在后台“工作日历 › 节假日安排”录入，然后运行 load_demo_publications --refresh。"
        )


def read_fixture(path=None):
    with open(path or FIXTURE_PATH, encoding="utf-8") as handle:
        return json.load(handle)["publications"]


def demo_publications(unit=None):
    """The demo publications of `unit` (every unit's when None)."""
    rows = Publication.objects.filter(is_demo=True)
    return rows if unit is None else rows.filter(column__unit=unit)


# --- dates ------------------------------------------------------------------------------------


def _period_start(day, frequency, offset):
    """First day of the period `offset` periods from the one holding `day` (months if timely)."""
    if frequency == freshness.YEARLY:
        return date(day.year + offset, 1, 1)
    months = 3 if frequency == freshness.QUARTERLY else 1
    first = day.replace(month=(day.month - 1) // months * months + 1, day=1)
    return add_months(first, offset * months)


def _period_end(start, frequency):
    if frequency == freshness.YEARLY:
        return date(start.year, 12, 31)
    months = 3 if frequency == freshness.QUARTERLY else 1
    last = add_months(start, months - 1)
    return month_end(last.year, last.month)


def _draft_written_on(cal, today, deadline_days, wanted, low, high):
    """
    The most recent 成文日期 whose deadline falls `low`..`high` days from today, nearest `wanted`.

    Documents are dated on working days. None if no day fits (e.g. a long holiday leaves no
    working day in the window).
    """
    best = None
    for back in range(DRAFT_SEARCH_DAYS):
        written = today - timedelta(days=back)
        if not cal.is_working_day(written):
            continue
        offset = (cal.add(written, deadline_days) - today).days
        if low <= offset <= high:
            distance = abs(offset - wanted)
            if best is None or distance < best[0]:
                best = (distance, written)
    return best[1] if best is not None else None


class DateSpecError(ValueError):
    """A record's `date` is not one of the forms this module understands."""


def _spec_numbers(spec):
    kind = next((key for key in DATE_KEYS if key in spec), None) if isinstance(spec, dict) else None
    if kind is None or not set(spec) <= DATE_KEYS[kind]:
        raise DateSpecError(
            "日期写法无法识别，应为 period/day/written_before、written/published_after（或 late_by）、"
            "draft_due_in 或 draft_overdue_by 之一"
        )
    numbers = {}
    for key, value in spec.items():
        if not isinstance(value, int) or isinstance(value, bool):
            raise DateSpecError(f"日期中的 {key} 应为整数，现为 {value!r}")
        if value < 0 and key != "period":
            raise DateSpecError(f"日期中的 {key} 不能为负数")
        numbers[key] = value
    return kind, numbers


def resolve_dates(record, column, deadline_days, today, cal, notes):
    """
    (status, written_on, published_on) of one fixture record on `today`.

    Raises DateSpecError for a `date` it cannot read; appends to `notes` when it had to give way
    (no working day in the due-soon window).
    """
    kind, spec = _spec_numbers(record.get("date"))
    published = Publication.Status.PUBLISHED
    if kind == "period":
        frequency = column.frequency
        start = _period_start(today, frequency, spec["period"])
        limit = min(_period_end(start, frequency), today)
        published_on = min(start + timedelta(days=max(spec.get("day", 1), 1) - 1), limit)
        # An office publishes on a working day: skip a weekend or holiday if the period allows.
        while published_on < limit and not cal.is_working_day(published_on):
            published_on += timedelta(days=1)
        written_on = cal.back(published_on, spec.get("written_before", 1))
        return published, written_on, published_on
    if kind == "written":
        written_on = cal.back(today, spec["written"])
        if "late_by" in spec:
            after = deadline_days + spec["late_by"]
        else:
            after = spec.get("published_after", 0)
        published_on = min(cal.add(written_on, after), today)
        return published, written_on, published_on
    window = freshness.DUE_SOON_DAYS
    if kind == "draft_overdue_by":
        wanted = -spec["draft_overdue_by"]
        return (
            Publication.Status.DRAFT,
            _draft_written_on(cal, today, deadline_days, wanted, -60, -1),
            None,
        )
    wanted = min(spec["draft_due_in"], window)
    written_on = _draft_written_on(cal, today, deadline_days, wanted, 0, window)
    if written_on is None:
        # A long holiday (春节, 国庆) can leave no working day, hence no deadline, in the window.
        written_on = _draft_written_on(cal, today, deadline_days, window + 1, 0, 60)
        if written_on is None:
            raise DateSpecError("无法为草稿安排截止日期")
        notes.append(
            f"今天起 {window} 天内没有工作日，“{record['title']}”的截止日期只能排在之后，"
            f"栏目 {column.number} 暂时显示为正常而非即将到期；节后运行 --refresh 即可。"
        )
    return Publication.Status.DRAFT, written_on, None


def _placeholders(day):
    """The values a title, body or attachment may use: {year}, {month}, {prev_month} …"""
    prev_month = _period_start(day, freshness.MONTHLY, -1)
    prev_quarter = _period_start(day, freshness.QUARTERLY, -1)
    return {
        "year": day.year,
        "month": day.month,
        "day": day.day,
        "quarter": (day.month - 1) // 3 + 1,
        "prev_year": day.year - 1,
        "prev_month_year": prev_month.year,
        "prev_month": prev_month.month,
        "prev_quarter_year": prev_quarter.year,
        "prev_quarter": (prev_quarter.month - 1) // 3 + 1,
    }


# --- building rows ------------------------------------------------------------------------------


def _label(number, record):
    return f"演示数据第 {number} 条（栏目 {record.get('column')}，“{record.get('title', '')}”）"


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{name}：{'；'.join(texts)}" for name, texts in error.message_dict.items()]
    return list(error.messages)


def check_columns(records, unit=None):
    """{column number: Column} of `unit` (the first unit) for the fixture, or DemoDataError."""
    unit = unit if unit is not None else Unit.objects.home()
    numbers = {record.get("column") for record in records}
    wanted = unit.columns.filter(number__in=[n for n in numbers if isinstance(n, int)])
    columns = {column.number: column for column in wanted}
    missing = sorted((n for n in numbers if n not in columns), key=lambda n: (str(type(n)), n))
    if not missing:
        return columns
    if unit.is_town and columns:
        # A town holds only some of the standard columns: town_records leaves the rest out.
        return columns
    how = (
        "请先运行 python manage.py load_standard_data 载入标准栏目表"
        "（已删除的栏目可加 --overwrite 恢复），再运行 load_demo_publications。"
    )
    if not unit.columns.exists():
        raise DemoDataError([f"栏目表还是空的，演示数据未载入。{how}"])
    listed = "、".join(str(n) for n in missing)
    raise DemoDataError([f"栏目表中没有序号为 {listed} 的栏目，演示数据未载入。{how}"])


def town_records(records, columns, notes):
    """
    The records a town can hold: those of its columns, whose successor and interpreted
    policies are held too; the count of the rest goes into `notes`.
    """
    kept = [record for record in records if record.get("column") in columns]
    while True:
        keys = {record.get("key") for record in kept if record.get("key")}
        fitting = [
            record
            for record in kept
            if record.get("superseded_by", "") in {"", *keys}
            and all(key in keys for key in record.get("interprets", []))
        ]
        if len(fitting) == len(kept):
            break
        kept = fitting
    if len(kept) < len(records):
        notes.append(
            f"本单位没有其中 {len(records) - len(kept)} 条演示信息的栏目，未载入这些信息。"
        )
    return kept


def item_index(unit=None):
    """{(domain name, level-1, level-2): item id} of `unit`'s items (1 query)."""
    unit = unit if unit is not None else Unit.objects.home()
    rows = DisclosureItem.objects.filter(domain__unit=unit).values_list(
        "domain__name", "level1", "level2", "pk"
    )
    return {(domain, level1, level2): pk for domain, level1, level2, pk in rows}


def _item_ids(number, record, items, notes):
    """The ids of the items `record` names; a missing one is noted, not fatal."""
    ids = []
    for key in record.get("items", []):
        key = (*key, "")[:3]
        if key in items:
            ids.append(items[key])
        else:
            name = " / ".join(part for part in key[1:] if part)
            notes.append(f"{_label(number, record)}：事项“{key[0]}：{name}”不存在，未关联。")
    return ids


def plan(records, columns, today, cal, notes, unit=None):
    """
    Every record as unsaved Publication fields, dated for `today`; DemoDataError lists all problems.

    Nothing is written: the loader saves the plan only when every record resolves. Dates that
    had to give way are explained in `notes`.
    """
    deadlines = standing.deadline_days_by_column([column.pk for column in columns.values()])
    items = item_index(unit)
    keys = {record["key"] for record in records if record.get("key")}
    planned, errors = [], []
    for number, record in enumerate(records, start=1):
        column = columns[record["column"]]
        days = standing.deadline_for(column.pk, deadlines)
        try:
            status, written_on, published_on = resolve_dates(
                record, column, days, today, cal, notes
            )
        except DateSpecError as error:
            errors.append(f"{_label(number, record)}：{error}。")
            continue
        successor = record.get("superseded_by", "")
        if successor and successor not in keys:
            errors.append(f"{_label(number, record)}：替代文件“{successor}”不在演示数据中。")
            continue
        policies = record.get("interprets", [])
        unknown = [key for key in policies if key not in keys]
        if unknown:
            errors.append(f"{_label(number, record)}：解读的政策“{unknown[0]}”不在演示数据中。")
            continue
        values = _placeholders(published_on or written_on)
        try:
            fields = {
                "column": column,
                "title": record["title"].format_map(values),
                "body": record.get("body", "").format_map(values),
                "document_number": record.get("document_number", "").format_map(
                    _placeholders(written_on)
                ),
                "document_kind": record.get("document_kind", Publication.Kind.OTHER),
                "normative_code": record.get("normative_code", "").format_map(
                    _placeholders(written_on)
                ),
                "topic": record.get("topic", Publication.Topic.GENERAL),
                "mode": record.get("mode", Publication.Mode.PROACTIVE),
                "status": status,
                "written_on": written_on,
                "published_on": published_on,
                "needs_interpretation": record.get("needs_interpretation", False),
                "interpretation_form": record.get("interpretation_form", ""),
                "is_demo": True,
            }
            attachment = record.get("attachment")
            if attachment:
                attachment = {
                    "title": attachment["title"].format_map(values),
                    "filename": attachment["filename"].format_map(values),
                    "sheet": attachment.get("sheet", "Sheet1"),
                    "rows": attachment["rows"],
                }
        except (KeyError, ValueError, IndexError) as error:
            errors.append(f"{_label(number, record)}：占位符或字段有误（{error}）。")
            continue
        planned.append(
            {
                "key": record.get("key", ""),
                "fields": fields,
                "validity": record.get("validity", Publication.Validity.VALID),
                "superseded_by": successor,
                "interprets": policies,
                "attachment": attachment,
                "items": _item_ids(number, record, items, notes),
                "label": _label(number, record),
            }
        )
    if errors:
        raise DemoDataError(errors)
    return planned


def xlsx_bytes(sheet_title, rows):
    """A small workbook of `rows` (first row bold as the header), as bytes."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            set_text(sheet.cell(row, col), value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter in "ABCDEFGH":
        sheet.column_dimensions[letter].width = 18
    print_setup(sheet, title_rows="1:1")
    return workbook_bytes(workbook)


def _save(instance, label):
    try:
        instance.full_clean()
    except ValidationError as error:
        raise DemoDataError([f"{label}：{'；'.join(_messages(error))}"]) from error
    instance.save()


def _create(planned, result, stored_files):
    """Save the plan: published rows in date order (so index numbers follow dates), then drafts."""
    order = sorted(
        range(len(planned)),
        key=lambda i: (planned[i]["fields"]["published_on"] or date.max, i),
    )
    by_key = {}
    for i in order:
        entry = planned[i]
        publication = Publication(**entry["fields"])
        _save(publication, entry["label"])
        publication.items.set(entry["items"])
        entry["publication"] = publication
        if entry["key"]:
            by_key[entry["key"]] = publication
        if publication.is_published:
            result.published += 1
        else:
            result.drafts += 1
        if entry["attachment"]:
            spec = entry["attachment"]
            content = ContentFile(xlsx_bytes(spec["sheet"], spec["rows"]), name=spec["filename"])
            attachment = Attachment(publication=publication, title=spec["title"], file=content)
            _save(attachment, entry["label"])
            stored_files.append(attachment.file.name)
            result.attachments += 1
    for entry in planned:
        if entry["interprets"]:
            entry["publication"].interprets.set([by_key[key] for key in entry["interprets"]])
        if entry["validity"] != Publication.Validity.VALID or entry["superseded_by"]:
            publication = entry["publication"]
            publication.validity = entry["validity"]
            publication.superseded_by = by_key.get(entry["superseded_by"])
            # A superseded rule lapses when its successor is issued (table 二's 本年废止).
            successor = publication.superseded_by
            if successor is not None:
                publication.repealed_on = successor.written_on or successor.published_on
            try:
                publication.full_clean()
            except ValidationError as error:
                raise DemoDataError([f"{entry['label']}：{'；'.join(_messages(error))}"]) from error
            publication.save(
                update_fields=["validity", "superseded_by", "repealed_on", "updated_at"]
            )


def _delete(result, unit):
    """Delete `unit`'s demo rows (attachments cascade) and, once committed, their stored files."""
    demo = demo_publications(unit)
    protected = (
        Publication.objects.filter(
            is_demo=False, superseded_by__is_demo=True, superseded_by__column__unit=unit
        )
        .order_by("pk")
        .values_list("title", flat=True)
    )
    if protected:
        titles = "、".join(f"“{title}”" for title in protected)
        raise DemoDataError(
            [
                f"正式信息 {titles} 的“替代文件”指向演示信息，删除演示数据会改动它们。"
                "请先在后台把这些信息的替代文件改为正式信息，再删除演示数据。"
            ]
        )
    # Their history goes with them: the admin's list of deleted objects would show demo titles.
    history = Publication.history.filter(is_demo=True, column__unit=unit)
    try:
        result.deleted, result.deleted_attachments = demo.delete_with_files()
        history.delete()
    except ProtectedError as error:
        names = "、".join(sorted({f"“{row}”" for row in error.protected_objects}))
        raise DemoDataError(
            [
                f"演示信息仍被 {names} 使用（如意见征集的公告）。"
                "请先删除它们的演示数据（load_demo_consultations --delete），再删除演示信息。"
            ]
        ) from error


def _tally_standings(result, unit):
    columns = unit.columns.all()
    for column_standing in standing.attach_standings(columns, today=result.today).values():
        if column_standing.estimated:
            result.estimated += 1
        if column_standing.status is not None:
            result.statuses[column_standing.status] += 1


def load(today=None, refresh=False, path=None, unit=None):
    """
    Create `unit`'s demo publications for `today` unless they exist; `refresh` replaces them.

    All or nothing: one transaction, and a fixture that does not fit the database (missing
    columns, bad dates) raises DemoDataError before anything is kept.
    """
    unit = unit if unit is not None else Unit.objects.home()
    result = DemoResult(today=today or timezone.localdate())
    result.existing = demo_publications(unit).count()
    if result.existing and not refresh:
        _tally_standings(result, unit)
        return result
    records = read_fixture(path)
    columns = check_columns(records, unit)
    if unit.is_town:
        records = town_records(records, columns, result.warnings)
    cal = DemoCalendar()
    planned = plan(records, columns, result.today, cal, result.warnings, unit)
    stored_files = []
    try:
        with transaction.atomic():
            if result.existing:
                _delete(result, unit)
            _create(planned, result, stored_files)
    except Exception:
        storage = Attachment._meta.get_field("file").storage
        for name in stored_files:
            storage.delete(name)
        raise
    if cal.warning():
        result.warnings.append(cal.warning())
    _tally_standings(result, unit)
    return result


def delete(today=None, unit=None):
    """Remove `unit`'s demo publications and their attachments; nothing else changes."""
    unit = unit if unit is not None else Unit.objects.home()
    result = DemoResult(today=today or timezone.localdate())
    with transaction.atomic():
        _delete(result, unit)
    return result
