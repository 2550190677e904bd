"""The standard data per unit: a town's 乡级 catalogue and column tree, and the unit options."""

import io

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import DisclosureItem
from columns.models import Column
from disclosure import demo
from disclosure.standard_data import (
    TOWN_BASIC_COLUMNS,
    TOWN_OFFICE,
    load_standard_data,
    read_catalogue,
)
from offices.models import Office
from publications.models import Publication
from tests.content_units import OTHER_TOWN_CODE, TOWN_CODE, county, make_town

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def town_rows():
    """(domain name, level-1, level-2) of the fixture's rows ticked 乡级."""
    return {
        (entry["name"], record["level1"], record.get("level2", ""))
        for entry in read_catalogue()["domains"]
        for record in entry["items"]
        if "乡级" in record["level"]
    }


def test_a_town_gets_the_xiang_rows_and_its_own_column_tree():
    load_standard_data(unit=county())
    town = make_town()
    load_standard_data(unit=town)

    items = DisclosureItem.objects.filter(domain__unit=town)
    assert {(i.domain.name, i.level1, i.level2) for i in items} == town_rows()
    assert all(item.level_township for item in items)
    numbers = set(town.columns.exclude(number=None).values_list("number", flat=True))
    linked = set(
        DisclosureItem.columns.through.objects.filter(disclosureitem__domain__unit=town)
        .values_list("column__number", flat=True)
        .distinct()
    )
    assert linked <= numbers
    assert numbers == TOWN_BASIC_COLUMNS | linked
    # The columns the catalogue links keep the county table's numbers and names.
    assert set(town.columns.filter(number=61).values_list("name", flat=True)) == {"城乡低保"}
    assert town.columns.get(number=52).parent.name == "制度指南"
    # One office, the town's 民政所, keeps every numbered column and both domains.
    assert list(town.offices.values_list("name", flat=True)) == [TOWN_OFFICE]
    office = town.offices.get()
    assert set(town.columns.exclude(number=None).values_list("owner_office", flat=True)) == {
        office.pk
    }
    assert set(town.domains.values_list("owner_office", flat=True)) == {office.pk}
    # Every link stays inside the town.
    assert not DisclosureItem.columns.through.objects.filter(
        disclosureitem__domain__unit=town
    ).exclude(column__unit=town)


def test_a_town_load_leaves_the_county_as_it_was():
    load_standard_data(unit=county())
    before = (
        Column.objects.filter(unit=county()).count(),
        Office.objects.filter(unit=county()).count(),
        DisclosureItem.objects.filter(domain__unit=county()).count(),
    )
    load_standard_data(unit=make_town())
    after = (
        Column.objects.filter(unit=county()).count(),
        Office.objects.filter(unit=county()).count(),
        DisclosureItem.objects.filter(domain__unit=county()).count(),
    )
    assert after == before == (before[0], before[1], 19)
    assert before[0] > 75  # numbered and grouping columns


def test_a_second_town_load_creates_nothing():
    town = make_town()
    load_standard_data(unit=town)
    summary = load_standard_data(unit=town)
    assert summary["items"].created == summary["columns"].created == 0
    assert summary["domains"].created == 0


def test_the_command_needs_a_unit_when_there_are_several():
    make_town()
    with pytest.raises(CommandError, match=r"多个发布单位.*--unit"):
        run("load_standard_data")
    assert not Column.objects.exists()
    with pytest.raises(CommandError, match="没有统一社会信用代码或网址标识为“123”的发布单位"):
        run("load_standard_data", "--unit", "123")


def test_the_command_loads_one_unit_by_its_code():
    town = make_town()
    out = run("load_standard_data", "--unit", TOWN_CODE.lower())
    assert "标准数据已载入" in out
    assert Column.objects.filter(unit=town).exists()
    assert not Column.objects.filter(unit=county()).exists()


def test_the_command_loads_every_unit_with_all_units():
    town = make_town()
    other = make_town(code=OTHER_TOWN_CODE, slug="dongcheng", name="示范县东城街道办事处")
    out = run("load_standard_data", "--all-units")
    for unit in (county(), town, other):
        assert f"【{unit.name}】" in out
        assert unit.domains.count() == 2
    assert DisclosureItem.objects.filter(domain__unit=county()).count() == 19
    assert DisclosureItem.objects.filter(domain__unit=town).count() == len(town_rows())


def test_the_only_unit_needs_no_option():
    run("load_standard_data")
    assert DisclosureItem.objects.filter(domain__unit=county()).count() == 19


def test_demo_publications_of_a_town_stay_in_the_town():
    load_standard_data(unit=county())
    town = make_town()
    load_standard_data(unit=town)
    run("load_demo_publications", "--unit", county().code)
    county_demo = set(Publication.objects.filter(is_demo=True).values_list("pk", flat=True))

    out = run("load_demo_publications", "--unit", town.code)
    town_demo = Publication.objects.filter(is_demo=True, column__unit=town)
    assert town_demo.exists()
    assert "未载入这些信息" in out  # the county's other columns are not the town's
    # A town's demo document names only the town's items, and its number the town's code.
    links = Publication.items.through.objects.filter(publication__in=town_demo)
    assert not links.exclude(disclosureitem__domain__unit=town).exists()
    assert all(p.index_number.startswith(f"{TOWN_CODE}/") for p in town_demo if p.is_published)

    run("load_demo_publications", "--unit", town.code, "--delete")
    assert not Publication.objects.filter(is_demo=True, column__unit=town).exists()
    assert set(Publication.objects.filter(is_demo=True).values_list("pk", flat=True)) == (
        county_demo
    )


def test_demo_publications_without_a_unit_named_go_to_the_first_unit():
    # Demo data is run again and again on a platform with demo towns: no unit named is the first.
    town = make_town()
    run("load_standard_data", "--all-units")
    run("load_demo_publications")
    published = demo.demo_publications()
    assert published.exists()
    assert not published.exclude(column__unit=county()).exists()
    assert not published.filter(column__unit=town).exists()
