"""The demo units: the county's three towns of `make run`, a demo city for scale, and removal."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client
from stdnum.cn import uscc

from catalogue.models import DisclosureItem
from columns.models import Column
from contributions.roles import CLERK
from disclosure import demo_units
from disclosure.standard_data import load_standard_data, of_level, read_catalogue
from publications.models import Publication
from tests.inforequests.helpers import make_request
from units import access
from units.demo import DemoUnitsError
from units.models import Kind, Level, Unit

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def every_row():
    """{model label: set of primary keys} of every table, to compare before and after."""
    return {
        model._meta.label: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.label not in ("contenttypes.ContentType", "auth.Permission")
    }


def town_rows():
    """The 乡级 rows of the standard catalogue, by (level-1, level-2)."""
    return {
        (record["level1"], record.get("level2", ""))
        for domain in read_catalogue()["domains"]
        for record in of_level(domain["items"], Unit(level=Level.TOWN))
    }


def test_three_towns_with_their_catalogue_columns_documents_and_a_clerk(settings):
    settings.DEBUG = True  # the clerk is a development login, as ensure_demo_admin's admin
    load_standard_data()
    county = Unit.objects.home()
    output = run("load_demo_units")
    assert "town-clerk" in output and "portal-town-clerk" in output

    towns = list(demo_units.demo_towns().order_by("pk"))
    assert [town.slug for town in towns] == ["chengguan", "hekou", "qingshan"]
    for town in towns:
        assert (town.kind, town.level, town.parent, town.is_demo) == (
            Kind.TOWN,
            Level.TOWN,
            county,
            True,
        )
        assert uscc.is_valid(town.code) and town.code != county.code
        items = DisclosureItem.objects.filter(domain__unit=town)
        assert {(item.level1, item.level2) for item in items} == town_rows()
        assert Column.objects.filter(unit=town).exists()
        published = Publication.objects.published().filter(column__unit=town)
        assert published.count() == 3
        assert all(p.is_demo and p.index_number.startswith(town.code) for p in published)
        assert all(p.items.get().domain.unit_id == town.pk for p in published)

    clerk = authenticate(username="town-clerk", password="portal-town-clerk")
    assert clerk is not None and clerk.is_staff and not clerk.is_superuser
    assert list(clerk.groups.values_list("name", flat=True)) == [CLERK]
    office = clerk.offices.get()
    assert (office.name, office.unit) == ("民政所", towns[0])
    assert access.unit_ids(clerk) == {towns[0].pk}
    # The office keeps the columns of the town's items: the clerk has work to do.
    kept = Column.objects.filter(Column.office_scope([office]))
    assert kept.filter(items__isnull=False).exists()
    assert set(kept.values_list("unit", flat=True)) == {towns[0].pk}

    # Once: a second run changes nothing.
    before = every_row()
    assert "未重复载入" in run("load_demo_units")
    assert every_row() == before


def test_a_town_answers_at_its_own_address():
    load_standard_data()
    run("load_demo_units")
    town = demo_units.demo_towns().order_by("pk").first()
    publication = Publication.objects.filter(column__unit=town).first()
    page = Client().get(f"/u/{town.slug}{publication.get_absolute_url()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert publication.title in html and publication.index_number in html
    assert town.name in html


def test_no_clerk_with_a_known_password_outside_debug(settings):
    settings.DEBUG = False
    load_standard_data()
    output = run("load_demo_units")
    assert "town-clerk" not in output
    assert authenticate(username="town-clerk", password="portal-town-clerk") is None


def test_a_demo_city_of_counties_and_towns_each_with_its_own_rows():
    load_standard_data()
    home = Unit.objects.home()
    run("load_demo_units", "--counties", "3")
    city = Unit.objects.get(slug="yanshishi")
    counties = list(city.children.order_by("pk"))
    assert len(counties) == 3
    towns = list(Unit.objects.filter(parent__in=counties))
    assert len(towns) == 9
    units = [city, *counties, *towns]
    assert all(unit.is_demo and uscc.is_valid(unit.code) for unit in units)
    assert len({unit.code for unit in units} | {home.code}) == len(units) + 1

    def shape(unit):
        columns = Column.objects.filter(unit=unit)
        return (
            sorted(
                (c.number or 0, c.name, c.parent.name if c.parent else "", c.owner_label)
                for c in columns.select_related("parent", "owner_office")
            ),
            sorted(
                (item.level1, item.level2, tuple(sorted(c.number for c in item.columns.all())))
                for item in DisclosureItem.objects.filter(domain__unit=unit).prefetch_related(
                    "columns"
                )
            ),
        )

    county_shape, town_shape = shape(home), shape(towns[0])
    for county in counties:
        assert shape(county) == county_shape
    for town in towns:
        assert shape(town) == town_shape
        assert {(i.level1, i.level2) for i in DisclosureItem.objects.filter(domain__unit=town)} == (
            town_rows()
        )
    # Every copied link stays inside its unit.
    for item in DisclosureItem.objects.filter(domain__unit__in=units).select_related("domain"):
        assert {c.unit_id for c in item.columns.all()} <= {item.domain.unit_id}
    # Their history was written as for the units loaded one by one.
    copied = Column.objects.filter(unit=counties[-1])
    assert Column.history.filter(id__in=copied.values("pk")).count() == copied.count()

    # Removing the city leaves the first unit and its demo towns.
    run("load_demo_units")
    before_city = every_row()
    run("load_demo_units", "--counties", "3", "--delete")
    assert not Unit.objects.filter(pk__in=[u.pk for u in units]).exists()
    assert demo_units.demo_towns().count() == 3
    assert Column.objects.filter(unit=home).count() == len(county_shape[0])
    left = every_row()
    assert all(left[label] <= before_city[label] for label in left)


def test_delete_removes_the_demo_units_with_everything_in_them_and_nothing_else(settings):
    settings.DEBUG = True
    load_standard_data()
    before = every_row()
    run("load_demo_units")
    run("load_demo_units", "--counties", "2")
    town = demo_units.demo_towns().order_by("pk").first()
    # What staff add in a demo town goes with it too (a request, a publication they wrote).
    make_request(unit=town)
    column = Column.objects.filter(unit=town, number__isnull=False).first()
    Publication.objects.create(column=column, title="镇里自己发的信息")

    output = run("load_demo_units", "--delete")
    assert "已删除演示单位 12 个" in output  # 3 towns, a city, 2 counties, 6 of their towns
    assert every_row() == before


def test_delete_refuses_a_real_unit_under_a_demo_one():
    load_standard_data()
    run("load_demo_units")
    town = demo_units.demo_towns().first()
    Unit.objects.create(
        name="某村",
        parent=town,
        code="11341700D99999999" + uscc.calc_check_digit("11341700D99999999"),
        slug="mouun",
        disclosure_office="村委会",
        address="某村",
    )
    with pytest.raises(DemoUnitsError):
        demo_units.delete()
    assert demo_units.demo_towns().count() == 3
