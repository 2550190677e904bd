"""
The standard data every portal starts from: the 13 template channels, the two domains of
民办函〔2019〕52号 with their items (fixtures/standard_catalogue.json) and the bureau's column table
(fixtures/columns.csv).

Loading is idempotent so `make run` can call it on every start: rows are matched on natural keys
(a domain's slug, an item's domain + level-1 + level-2 name, a column's number), and rows that
already exist keep their admin edits unless `overwrite` resets them to the fixture.

Items are created from the fixture only with their domain (the first load) or with `overwrite`;
columns only into an empty column table or with `overwrite`. On later runs a standard item or
column missing from the database was deleted or renamed in the admin, and recreating it (an item
as published) would undo the clerks' decision on every start, so it is only counted as missing.

Each unit loads its own copy: a county every row and the whole table, a town (公开层级 乡级) the
乡级 rows and the columns they publish to plus the 政府信息公开 basics (town_column_numbers).
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from catalogue.channels import STANDARD_CHANNELS
from catalogue.models import Channel, DisclosureItem, Domain
from catalogue.records import apply_record, item_to_record, natural_key, record_from_item_fields
from columns import table
from units.models import Unit
from workdays.seed import seed_package_years

FIXTURES_DIR = settings.BASE_DIR / "fixtures"
CATALOGUE_PATH = FIXTURES_DIR / "standard_catalogue.json"
COLUMNS_PATH = FIXTURES_DIR / "columns.csv"

DOMAIN_FIELDS = ("name", "slug", "order", "intro")

# Standard values that earlier versions of the fixtures held and that were corrected since. A
# row still holding the old value, and otherwise equal to the fixture, was never edited by a
# person: the next load brings it up to date. A row that differs in any other way is kept.
# Items: {(level-1, level-2): {field: old value}}.
SUPERSEDED_ITEM_VALUES = {
    # The published wording (平潭 海坛片区 catalogue, 2020) has no "（供养对象）".
    ("特困人员救助供养", "审批信息"): {"content": "特困人员（供养对象）名单及相关信息"},
}
# Columns: {number: old name}. Row 49 named a real city's account on the demo county's site.
SUPERSEDED_COLUMN_NAMES = {49: "宣城市民政局政务微信平台"}
UPGRADE_REASON = "基础数据更新"

# A town's column tree (docs/decisions.md, "Content: a town's columns"): the columns its 乡级
# items publish to, and the 政府信息公开 basics every unit keeps whatever its level: 意见征集 and
# 意见反馈 (5, 6), 互动回应 (42), 制度指南 (51-53: 公开制度, 公开指南, 公开年报) and 依申请公开
# (54-57). Numbers stay the county table's, so a number means the same column in every unit.
TOWN_BASIC_COLUMNS = frozenset({5, 6, 42, 51, 52, 53, 54, 55, 56, 57})
# A town's 民政所 is one office: it keeps every column and both domains.
TOWN_OFFICE = "民政所"


class StandardDataError(ValueError):
    """The fixture does not fit the database; `errors` holds one Chinese sentence per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # exist, differ from the fixture, left as they are (no overwrite)
    missing: int = 0  # in the fixture, not in the database, not recreated (no overwrite)

    def add(self, status, count=1):
        setattr(self, status, getattr(self, status) + count)

    def __iadd__(self, other):
        for status in ("created", "updated", "unchanged", "kept", "missing"):
            self.add(status, getattr(other, status))
        return self

    def __str__(self):
        text = f"新建 {self.created}，更新 {self.updated}，未变 {self.unchanged}"
        if self.kept:
            text += f"，保留 {self.kept}（与基础数据不同，未覆盖）"
        if self.missing:
            text += f"，缺少 {self.missing}（未重新创建）"
        return text


def read_catalogue(path=None):
    with open(path or CATALOGUE_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def ensure_channels():
    """
    Create or correct the 13 standard channels; return (all channels by name, Tally).

    They are the template's fixed vocabulary rather than content, so their order and standard
    flag are always reset: the ■/□ cell and the item records depend on both.
    """
    by_name = {channel.name: channel for channel in Channel.objects.all()}
    tally = Tally()
    for order, name in enumerate(STANDARD_CHANNELS, start=1):
        channel = by_name.get(name)
        if channel is None:
            by_name[name] = Channel.objects.create(name=name, order=order, is_standard=True)
            tally.created += 1
        elif (channel.order, channel.is_standard) != (order, True):
            channel.order, channel.is_standard = order, True
            channel.save(update_fields=["order", "is_standard"])
            tally.updated += 1
        else:
            tally.unchanged += 1
    return by_name, tally


def check_catalogue(data, channels_by_name, column_numbers):
    """
    Raise StandardDataError naming every item whose channels, columns or key do not fit.

    Columns are checked against the numbers of the column-table fixture, not the database: a
    column deleted in the admin is not a fault of the fixture.
    """
    errors = []
    for domain in data["domains"]:
        seen = set()
        for record in domain["items"]:
            where = f"{domain['name']}第{record.get('number')}项"
            key = natural_key(record)
            if key in seen:
                errors.append(f"{where}：事项“{' / '.join(key)}”重复。")
            seen.add(key)
            for name in record.get("channels", []):
                if name not in channels_by_name:
                    errors.append(f"{where}：渠道“{name}”不是标准渠道。")
            for number in record.get("columns", []):
                if number not in column_numbers:
                    errors.append(f"{where}：栏目序号{number}不存在。")
            for field in ("level1", "content"):
                if not (record.get(field) or "").strip():
                    errors.append(f"{where}：缺少{field}。")
    if errors:
        raise StandardDataError(errors)


def load_domain(entry, offices_by_name, unit, *, overwrite):
    """Find the domain by slug (or name) and return (domain, status)."""
    wanted = {field: entry.get(field, "") for field in DOMAIN_FIELDS}
    if entry.get("owner_office"):
        owner = TOWN_OFFICE if unit.is_town else entry["owner_office"]
        wanted["owner_office_id"] = offices_by_name[owner].pk
    domain = (
        unit.domains.filter(slug=wanted["slug"]).first()
        or unit.domains.filter(name=wanted["name"]).first()
    )
    if domain is None:
        return Domain.objects.create(unit=unit, **wanted), "created"
    if all(getattr(domain, field) == value for field, value in wanted.items()):
        return domain, "unchanged"
    if not overwrite:
        # Filling an owner the domain never had overwrites no admin edit.
        if domain.owner_office_id is None and wanted.get("owner_office_id"):
            domain.owner_office_id = wanted["owner_office_id"]
            domain.save(update_fields=["owner_office"])
        return domain, "kept"
    for field, value in wanted.items():
        setattr(domain, field, value)
    domain.save()
    return domain, "updated"


def load_items(domain, records, channels_by_name, columns_by_number, *, create, overwrite):
    """
    Compare the domain's items with the fixture (and with `overwrite`, reset them).

    Items missing from the database are created as published only with `create` (the domain is
    new, or `overwrite`); otherwise they are counted as missing. An item's publication status is
    not part of the fixture, so an overwrite leaves it alone. Columns missing from the database
    are left out of new links and show as a difference on existing items.
    """
    tally = Tally()
    existing = {
        (item.level1, item.level2): item
        for item in domain.items.prefetch_related("channels", "columns")
    }
    for record in records:
        numbers = record.get("columns", [])
        columns = [columns_by_number[n] for n in numbers if n in columns_by_number]
        item = existing.get(natural_key(record))
        if item is None and not create:
            tally.missing += 1
            continue
        if item is None:
            item = DisclosureItem(domain=domain, status=DisclosureItem.Status.PUBLISHED)
            channels = apply_record(item, record, channels_by_name)
            item.save()
            item.channels.set(channels)
            item.columns.set(columns)
            tally.created += 1
            continue
        scratch = DisclosureItem(domain=domain)
        wanted = (
            record_from_item_fields(scratch, apply_record(scratch, record, channels_by_name)),
            sorted(numbers),
        )
        current = (item_to_record(item), sorted(column.number for column in item.columns.all()))
        if current == wanted:
            tally.unchanged += 1
        elif not overwrite and current != (_superseded(wanted[0]), wanted[1]):
            tally.kept += 1
        else:
            item._change_reason = UPGRADE_REASON
            channels = apply_record(item, record, channels_by_name)
            item.save()
            item.channels.set(channels)
            item.columns.set(columns)
            tally.updated += 1
    return tally


def of_level(records, unit):
    """
    The catalogue rows `unit` holds: a town the rows ticked 乡级; a county (or a city, a
    province) every row, as the county's catalogue has always listed the towns' rows too.
    """
    if not unit.is_town:
        return records
    return [record for record in records if "乡级" in record.get("level", [])]


def town_column_numbers(data):
    """The numbers of a town's columns: its 乡级 items' columns and the basics."""
    used = {
        number
        for entry in data["domains"]
        for record in entry["items"]
        if "乡级" in record.get("level", [])
        for number in record.get("columns", [])
    }
    return TOWN_BASIC_COLUMNS | used


def column_rows_of(rows, unit, data):
    """
    The column-table rows `unit` gets: a county every row; a town the rows of its columns
    (town_column_numbers), each kept by its one office (TOWN_OFFICE).
    """
    if not unit.is_town:
        return rows
    wanted = town_column_numbers(data)
    return [
        [*row[:-1], TOWN_OFFICE]
        for row in rows
        if row and row[0].strip().isdigit() and int(row[0]) in wanted
    ]


def _superseded(record):
    """`record` as the fixture wrote it before its corrections (itself if none concern it)."""
    old = SUPERSEDED_ITEM_VALUES.get(natural_key(record))
    return {**record, **old} if old else record


def upgrade_column_names(rows, unit):
    """Rename the columns still carrying a superseded standard name to the table's; one query."""
    new_names = {row.number: row.path[-1] for row in table.parse_rows(rows, first_line=2)}
    stale = unit.columns.filter(
        number__in=SUPERSEDED_COLUMN_NAMES,
        name__in=SUPERSEDED_COLUMN_NAMES.values(),
    )
    for column in stale:
        new = new_names.get(column.number)
        if column.name == SUPERSEDED_COLUMN_NAMES[column.number] and new:
            column.name = new
            column._change_reason = UPGRADE_REASON
            column.save(update_fields=["name", "updated_at"])


def load_standard_data(*, overwrite=False, catalogue_path=None, columns_path=None, unit=None):
    """
    Load channels, and `unit`'s offices, columns, domains and items in one transaction; return
    the tallies. A unit gets the catalogue's rows of its 公开层级 (a town the 乡级 ones); the
    first unit when `unit` is None.
    """
    unit = unit if unit is not None else Unit.objects.home()
    data = read_catalogue(catalogue_path)
    data = {
        **data,
        "domains": [{**e, "items": of_level(e["items"], unit)} for e in data["domains"]],
    }
    rows = column_rows_of(table.read_csv(columns_path or COLUMNS_PATH), unit, data)
    summary = {}
    with transaction.atomic():
        channels_by_name, summary["channels"] = ensure_channels()

        upgrade_column_names(rows, unit)
        offices_before = unit.offices.count()
        results = table.apply_rows(
            rows,
            first_line=2,
            update_existing=overwrite,
            create_missing=overwrite or not unit.columns.exists(),
            unit=unit,
        )
        summary["columns"] = Tally(
            created=sum(r.status == table.NEW for r in results),
            updated=sum(r.status == table.CHANGED for r in results),
            unchanged=sum(r.status == table.UNCHANGED for r in results),
            kept=sum(r.status == table.KEPT for r in results),
            missing=sum(r.status == table.MISSING for r in results),
        )
        summary["grouping_columns_created"] = sum(len(r.new_parents) for r in results)
        summary["offices_created"] = unit.offices.count() - offices_before

        columns_by_number = {c.number: c for c in unit.columns.exclude(number=None)}
        check_catalogue(data, channels_by_name, {r.number for r in results})
        summary["domains"], summary["items"] = Tally(), Tally()
        offices_by_name = {office.name: office for office in unit.offices.all()}
        for entry in data["domains"]:
            domain, status = load_domain(entry, offices_by_name, unit, overwrite=overwrite)
            summary["domains"].add(status)
            summary["items"] += load_items(
                domain,
                entry["items"],
                channels_by_name,
                columns_by_number,
                create=overwrite or status == "created",
                overwrite=overwrite,
            )
        # The working-day calendar's starting years; a year a person entered is never replaced.
        summary["calendar_written"], summary["calendar_kept"] = seed_package_years()
    return summary
