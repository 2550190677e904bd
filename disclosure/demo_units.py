"""
Demo units (演示数据): the county's three towns that `make run` shows, and a city's worth of
counties for scale tests.

- `load_towns()`: three towns under the first unit (the county bureau), each with the catalogue's
  乡级 items and its columns from the standard data (load_standard_data(unit=town), the path a
  real town takes), an office 民政所 keeping the columns and domains of those items, and a few
  published documents; with DEBUG on, the development login `town-clerk`, a 信息员 of the first
  town's 民政所.
- `build_city(n)`: a city unit with n counties of three towns each. The first county and its
  first town load the standard data as a real unit would; every other unit gets a copy of their
  rows in bulk (a few statements per table for all units), so 100 counties take seconds.
- `delete()` / `delete_city()`: remove the demo units and everything in them (units.demo.remove).

Every unit is marked `is_demo`; loading and deleting change no other unit.
"""

import itertools
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from contributions.roles import CLERK
from disclosure import standing
from disclosure.demo import DemoCalendar, _placeholders, resolve_dates
from disclosure.standard_data import load_standard_data
from history.records import record_bulk
from offices.models import Office
from publications.models import Publication
from units import demo as units_demo
from units.access import descendant_ids
from units.models import Kind, Level, Unit

TOWNS = (("城关镇", "chengguan"), ("河口镇", "hekou"), ("青山乡", "qingshan"))
TOWN_OFFICE = "民政所"
CLERK_USERNAME = "town-clerk"
# The development password scheme of ensure_demo_admin (admin / portal-admin).
CLERK_PASSWORD = "portal-town-clerk"

CITY_NAME, CITY_SLUG = "演示市民政局", "yanshishi"

# A town's documents: the item they fulfil, the title and when (disclosure.demo's date forms).
TOWN_PUBLICATIONS = (
    (
        ("最低生活保障", "办事指南"),
        "{town}城乡最低生活保障办事指南",
        "申请条件、所需材料、办理流程和时限，见本指南；可到{town}民政所或村（社区）提出申请。",
        {"written": 40, "published_after": 3},
    ),
    (
        ("最低生活保障", "审核信息"),
        "{town}{year}年{month}月城乡低保审核对象公示",
        "经入户调查、民主评议，现将本月城乡低保审核对象予以公示，公示期7天。",
        {"period": 0, "day": 6, "written_before": 2},
    ),
    (
        ("临时救助", "审核审批信息"),
        "{town}{year}年{month}月临时救助对象公示",
        "现将上月临时救助对象及救助金额予以公示，公示期7天。",
        {"period": -1, "day": 10, "written_before": 2},
    ),
)


@dataclass
class DemoUnitsResult:
    """What a load or delete did, for the command's summary."""

    units: list = field(default_factory=list)
    existing: int = 0
    publications: int = 0
    clerk: str = ""
    deleted: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)


# --- the county's three towns ---------------------------------------------------------------


def demo_towns(county=None):
    county = county if county is not None else Unit.objects.home()
    return Unit.objects.filter(parent=county, is_demo=True, kind=Kind.TOWN)


def load_towns(today=None):
    """Create the first unit's three demo towns unless they exist; nothing else changes."""
    result = DemoUnitsResult()
    county = Unit.objects.home()
    existing = list(demo_towns(county).order_by("pk"))
    if existing:
        result.existing = len(existing)
        result.units = existing
        return result
    today = today or timezone.localdate()
    prefix = county.name.removesuffix("民政局")
    region = county.code[2:8]
    with transaction.atomic():
        for serial, (name, slug) in enumerate(TOWNS, start=1):
            town = _new_unit(
                name=f"{prefix}{name}",
                kind=Kind.TOWN,
                level=Level.TOWN,
                parent=county,
                code=units_demo.demo_code(region, serial),
                slug=slug,
                order=serial,
                disclosure_office=f"{prefix}{name}党政综合办公室",
                address=f"{prefix}{name}人民路1号",
                postcode=county.postcode,
                hours=county.hours,
                phone=county.phone,
                review_body=county.review_body,
                court=county.court,
            )
            load_standard_data(unit=town)
            office = town_office(town)
            result.publications += _publish(town, office, today, result.notes)
            result.units.append(town)
        result.clerk = _ensure_clerk(result.units[0])
    return result


def town_office(town):
    """
    The town's 民政所, keeping the columns and domains of its 乡级 items: a town's catalogue
    is the civil-affairs office's work, not the county bureau's 科室 the column table names.
    """
    office, _ = Office.objects.get_or_create(unit=town, name=TOWN_OFFICE, defaults={"order": 0})
    columns = Column.objects.filter(
        unit=town, owner_kind=Column.OwnerKind.OFFICE, items__domain__unit=town
    ).distinct()
    for column in columns:
        column.owner_office = office
        column.save(update_fields=["owner_office", "updated_at"])
    for domain in town.domains.all():
        domain.owner_office = office
        domain.save(update_fields=["owner_office"])
    return office


def _publish(town, office, today, notes):
    """The town's few demo documents, published as the demo publications are; return how many."""
    items = {
        (item.level1, item.level2): item
        for item in DisclosureItem.objects.filter(domain__unit=town).prefetch_related("columns")
    }
    cal = DemoCalendar()
    planned = []
    for key, title, body, when in TOWN_PUBLICATIONS:
        item = items.get(key)
        column = next(iter(item.columns.all()), None) if item else None
        if column is None:
            notes.append(f"{town.name}没有事项“{' / '.join(key)}”或其栏目，未生成对应的演示信息。")
            continue
        deadlines = standing.deadline_days_by_column([column.pk])
        record = {"title": title, "date": when}
        status, written_on, published_on = resolve_dates(
            record, column, standing.deadline_for(column.pk, deadlines), today, cal, notes
        )
        values = {**_placeholders(published_on or written_on), "town": town.name}
        planned.append(
            (
                Publication(
                    column=column,
                    title=title.format_map(values),
                    body=body.format_map(values),
                    status=status,
                    written_on=written_on,
                    published_on=published_on,
                    is_demo=True,
                ),
                item,
            )
        )
    # Published in date order, so the town's index numbers follow the dates.
    planned.sort(key=lambda pair: pair[0].published_on)
    for publication, item in planned:
        try:
            publication.full_clean()
        except ValidationError as error:
            raise units_demo.DemoUnitsError(
                f"{town.name}演示信息“{publication.title}”：{'；'.join(error.messages)}"
            ) from error
        publication.save()
        publication.items.set([item])
    return len(planned)


def _ensure_clerk(town):
    """
    The development login `town-clerk`, a 信息员 of the town's 民政所; only with DEBUG on, as
    ensure_demo_admin's admin: a known password has no place on a live portal.
    """
    if not settings.DEBUG:
        return ""
    user_model = get_user_model()
    user = user_model.objects.filter(username=CLERK_USERNAME).first()
    if user is None:
        user = user_model.objects.create_user(CLERK_USERNAME, "", CLERK_PASSWORD, is_staff=True)
    group, _ = Group.objects.get_or_create(name=CLERK)
    user.groups.add(group)
    Office.objects.get(unit=town, name=TOWN_OFFICE).members.add(user)
    return CLERK_USERNAME


def _new_unit(**values):
    unit = Unit(is_demo=True, **values)
    try:
        unit.full_clean()
    except ValidationError as error:
        taken = Unit.objects.filter(Q(slug=unit.slug) | Q(code=unit.code) | Q(name=unit.name))
        raise units_demo.DemoUnitsError(
            f"演示单位“{unit.name}”未创建：{'；'.join(error.messages)}"
            + ("（与已有单位重名、网址标识或代码相同）" if taken.exists() else "")
        ) from error
    unit.save()
    return unit


# --- a city's worth of counties ---------------------------------------------------------------


def demo_city():
    return Unit.objects.filter(slug=CITY_SLUG, is_demo=True).first()


def build_city(counties, towns_per_county=3):
    """
    Create the demo city with `counties` counties of `towns_per_county` towns, each unit with
    its columns, offices, domains and items; return the result (the existing city untouched).
    """
    result = DemoUnitsResult()
    city = demo_city()
    if city is not None:
        result.existing = 1 + len(descendant_ids({city.pk}))
        result.units = [city]
        return result
    home = Unit.objects.home()
    region = home.code[2:6] + "00"
    with transaction.atomic():
        city = _new_unit(
            name=CITY_NAME,
            kind=Kind.CITY,
            level=Level.COUNTY,
            code=units_demo.demo_code(region, 0, "E"),
            slug=CITY_SLUG,
            disclosure_office=f"{CITY_NAME}办公室",
            address="演示市人民路1号",
        )
        load_standard_data(unit=city)
        county_units = Unit.objects.bulk_create(
            [_county(city, region, number) for number in range(1, counties + 1)]
        )
        town_units = Unit.objects.bulk_create(
            [
                _town(county, region, number, index)
                for number, county in enumerate(county_units, start=1)
                for index in range(towns_per_county)
            ]
        )
        started = timezone.now()
        if county_units:
            load_standard_data(unit=county_units[0])
            copy_unit_rows(county_units[0], county_units[1:])
        if town_units:
            load_standard_data(unit=town_units[0])
            town_office(town_units[0])
            copy_unit_rows(town_units[0], town_units[1:])
        for model in (Column, DisclosureItem):
            copied = model.objects.filter(
                **{model.unit_path + "__in": [u.pk for u in county_units[1:] + town_units[1:]]}
            )
            record_bulk(model, copied, created_since=started, reason="演示数据")
    result.units = [city, *county_units, *town_units]
    return result


def _county(city, region, number):
    name = f"演示{number}县民政局"
    return Unit(
        name=name,
        kind=Kind.COUNTY,
        level=Level.COUNTY,
        parent=city,
        code=units_demo.demo_code(region, number * 10, "E"),
        slug=f"yanshi{number}xian",
        order=number,
        disclosure_office=f"{name}办公室",
        address=f"演示{number}县人民路1号",
        is_demo=True,
    )


def _town(county, region, number, index):
    town, slug = TOWNS[index % len(TOWNS)]
    if index >= len(TOWNS):
        town, slug = f"第{index + 1}镇", f"di{index + 1}zhen"
    name = f"演示{number}县{town}"
    return Unit(
        name=name,
        kind=Kind.TOWN,
        level=Level.TOWN,
        parent=county,
        code=units_demo.demo_code(region, number * 10 + index + 1, "E"),
        slug=f"yanshi{number}xian-{slug}",
        order=index + 1,
        disclosure_office=f"{name}党政综合办公室",
        address=f"演示{number}县{town}人民路1号",
        is_demo=True,
    )


def copy_unit_rows(template, targets):
    """
    Give every unit of `targets` a copy of `template`'s offices, columns (the tree, level by
    level), domains and items with their links: a few bulk statements per table, whatever the
    number of units. The copies are what load_standard_data made for the template.
    """
    if not targets:
        return
    offices = _copy_all(Office.objects.filter(unit=template), targets, "unit_id")
    column_map = {}
    columns = list(Column.objects.filter(unit=template))
    by_pk = {column.pk: column for column in columns}

    def depth(column):
        return 0 if column.parent_id is None else 1 + depth(by_pk[column.parent_id])

    for _, level in itertools.groupby(sorted(columns, key=depth), key=depth):
        level = list(level)
        copies = []
        for target in targets:
            for column in level:
                copies.append(
                    _copy(
                        column,
                        unit_id=target.pk,
                        parent_id=column_map.get((target.pk, column.parent_id)),
                        owner_office_id=offices.get((target.pk, column.owner_office_id)),
                    )
                )
        created = Column.objects.bulk_create(copies)
        keys = [(target.pk, column.pk) for target in targets for column in level]
        column_map.update({key: copy.pk for key, copy in zip(keys, created, strict=True)})
    domains = _copy_all(
        Domain.objects.filter(unit=template),
        targets,
        "unit_id",
        owner_office_id=offices,
    )
    items = list(DisclosureItem.objects.filter(domain__unit=template))
    copies = [
        _copy(item, domain_id=domains[(target.pk, item.domain_id)])
        for target in targets
        for item in items
    ]
    created = DisclosureItem.objects.bulk_create(copies)
    keys = [(target.pk, item.pk) for target in targets for item in items]
    item_map = dict(zip(keys, (copy.pk for copy in created), strict=True))
    _copy_links(DisclosureItem.channels.through, "disclosureitem_id", item_map, targets)
    _copy_links(
        DisclosureItem.columns.through,
        "disclosureitem_id",
        item_map,
        targets,
        column_id=column_map,
    )
    _copy_links(
        Column.assigned_offices.through, "column_id", column_map, targets, office_id=offices
    )


def _copy(obj, **changes):
    """An unsaved copy of `obj`'s concrete fields, with `changes` (attnames)."""
    values = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(obj)(**values)


def _copy_all(queryset, targets, unit_field, **mapped):
    """Copy `queryset`'s rows to every target; {(target id, template pk): copy pk}."""
    rows = list(queryset)
    copies = []
    for target in targets:
        for row in rows:
            changes = {unit_field: target.pk}
            for attname, mapping in mapped.items():
                changes[attname] = mapping.get((target.pk, getattr(row, attname)))
            copies.append(_copy(row, **changes))
    created = type(rows[0]).objects.bulk_create(copies) if rows else []
    keys = [(target.pk, row.pk) for target in targets for row in rows]
    return dict(zip(keys, (copy.pk for copy in created), strict=True))


def _copy_links(through, source, source_map, targets, **mapped):
    """Copy the M2M rows of the template's objects onto each target's copies."""
    template_ids = {pk for _, pk in source_map}
    rows = list(through.objects.filter(**{f"{source}__in": template_ids}).values())
    copies = []
    for target in targets:
        for row in rows:
            values = {key: value for key, value in row.items() if key != "id"}
            values[source] = source_map[(target.pk, row[source])]
            for attname, mapping in mapped.items():
                values[attname] = mapping[(target.pk, row[attname])]
            copies.append(through(**values))
    through.objects.bulk_create(copies, batch_size=5000)


# --- removal ------------------------------------------------------------------------------------


def delete():
    """Remove every demo unit and everything in it, and the town clerk it made."""
    result = DemoUnitsResult()
    result.deleted = units_demo.remove_demo(units_demo.demo_units())
    _delete_clerk()
    return result


def delete_city():
    """Remove the demo city with its counties and towns; the county's demo towns stay."""
    result = DemoUnitsResult()
    city = Unit.objects.filter(slug=CITY_SLUG, is_demo=True)
    result.deleted = units_demo.remove_demo(city)
    return result


def _delete_clerk():
    """The development login goes with its town (it works nowhere else)."""
    user = get_user_model().objects.filter(username=CLERK_USERNAME, is_superuser=False).first()
    if user is not None and not user.offices.exists() and not user.units.exists():
        user.delete()
