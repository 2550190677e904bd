"""
A content version per unit: a save in one unit leaves every other unit's cached pages hits (in
this process and across processes), a hit reads its unit and version in one query however many
units there are, changes of no unit (a channel, a unit itself) drop every unit's pages, platform
pages follow every change, and generated files are kept per unit.
"""

import itertools
import logging
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.cn import uscc

from catalogue.models import Channel
from offices.models import Office
from pagecache.models import ContentVersion
from sitewide import generated
from tests.factories import make_domain, make_item, make_office
from tests.inforequests.helpers import make_request
from tests.pagecache.test_page_cache import cross_process_env, redis_url, run
from tests.requirements import missing
from units.models import Unit

pytestmark = pytest.mark.django_db

_codes = itertools.count(1)


def unit_fields(slug, **kwargs):
    body = f"11341700MB{next(_codes):07d}"
    return {
        "name": f"{slug}镇人民政府",
        "kind": "town",
        "level": "town",
        "code": body + uscc.calc_check_digit(body),
        "slug": slug,
        "disclosure_office": f"{slug}镇党政综合办公室",
        "address": f"示范县{slug}镇",
        **kwargs,
    }


def make_unit(slug, **kwargs):
    return Unit.objects.create(**unit_fields(slug, **kwargs))


@pytest.fixture
def two_units():
    """The first unit (at /) and a town (at /u/dongshan/), each with a domain and an item."""
    home = Unit.objects.home()
    town = make_unit("dongshan", parent=home)
    items = {
        home: make_item(domain=make_domain(slug="d-home", unit=home), level1="最低生活保障"),
        town: make_item(domain=make_domain(slug="d-town", unit=town), level1="临时救助"),
    }
    return home, town, items


def page(unit, item):
    """The address of the item's domain page on its unit's pages (the first unit has no parent)."""
    prefix = "" if unit.parent_id is None else f"/u/{unit.slug}"
    return prefix + item.domain.get_absolute_url()


def version(unit):
    return ContentVersion.objects.current(unit.pk)


def test_a_save_in_one_unit_leaves_the_other_unit_s_pages_hits(
    client, two_units, django_assert_num_queries
):
    home, town, items = two_units
    first = {unit: client.get(page(unit, item)) for unit, item in items.items()}
    assert all(response.status_code == 200 for response in first.values())
    item = items[home]
    item.level1 = "特困人员救助供养"
    item.save()

    with django_assert_num_queries(1):  # the town's version only: its page is still a hit
        again = client.get(page(town, items[town]))
    assert again["ETag"] == first[town]["ETag"]
    changed = client.get(page(home, item))
    assert "特困人员救助供养" in changed.content.decode()
    assert changed["ETag"] != first[home]["ETag"]

    # And the other way round.
    items[town].level1 = "医疗救助"
    items[town].save()
    with django_assert_num_queries(1):
        assert client.get(page(home, item))["ETag"] == changed["ETag"]
    assert "医疗救助" in client.get(page(town, items[town])).content.decode()


def test_a_change_bumps_its_own_unit_and_the_platform_only(two_units):
    home, town, items = two_units
    before = {u: version(u) for u in (home, town)}
    platform = ContentVersion.objects.current()
    make_item(domain=items[town].domain, level1="医疗救助")  # through the domain: domain__unit
    assert version(home) == before[home]
    assert version(town) != before[town]
    assert ContentVersion.objects.current() != platform


def test_changes_of_no_unit_and_of_a_unit_drop_every_unit_s_pages(two_units):
    home, town, _ = two_units
    for change in (
        lambda: Channel.objects.create(name="测试渠道乙", order=99),  # every catalogue shows it
        lambda: town.save(),  # its name may stand on other units' pages (the tree)
        lambda: ContentVersion.objects.bump(),  # a bulk write that names no unit
    ):
        before = {u: version(u) for u in (home, town)}
        change()
        assert all(version(u) != before[u] for u in (home, town))


def test_a_link_change_bumps_the_unit_of_the_row_whose_links_changed(two_units):
    home, town, items = two_units
    channel = Channel.objects.create(name="测试渠道甲", order=98)
    before = {u: version(u) for u in (home, town)}
    items[town].channels.add(channel)
    assert version(home) == before[home] and version(town) != before[town]
    before = {u: version(u) for u in (home, town)}
    channel.items.remove(items[town])  # from the channel's side: every unit
    assert all(version(u) != before[u] for u in (home, town))


def test_a_row_moved_to_another_unit_drops_the_pages_of_both(two_units):
    home, town, _ = two_units
    office = make_office(name="社会事务办", unit=home)
    office = Office.objects.get(pk=office.pk)  # as the admin loads it
    before = {u: version(u) for u in (home, town)}
    office.unit = town
    office.save()
    assert all(version(u) != before[u] for u in (home, town))
    # Saved again where it now is: only that unit.
    before = {u: version(u) for u in (home, town)}
    office.save()
    assert version(home) == before[home] and version(town) != before[town]


def test_a_deferred_unit_link_bumps_every_unit(two_units):
    """A row loaded without its unit link may have left another unit: drop them all."""
    home, town, _ = two_units
    office = make_office(name="社会事务办", unit=town)
    office = Office.objects.only("name").get(pk=office.pk)
    before = {u: version(u) for u in (home, town)}
    office.name = "社会事务科"
    office.save(update_fields=["name"])
    assert all(version(u) != before[u] for u in (home, town))


@pytest.mark.parametrize("units", [1, 200])
def test_a_hit_reads_its_unit_and_version_in_one_query_however_many_units(
    client, units, django_assert_num_queries
):
    home = Unit.objects.home()
    Unit.objects.bulk_create(Unit(**unit_fields(f"town{n}")) for n in range(units - 1))
    ContentVersion.objects.bump()  # the rows of units made in bulk
    last = Unit.objects.order_by("pk").last()
    item = make_item(domain=make_domain(slug="d-last", unit=last), level1="临时救助")
    urls = [make_item(domain=make_domain(slug="d-home", unit=home)).domain.get_absolute_url()]
    if last != home:
        urls.append(f"/u/{last.slug}{item.domain.get_absolute_url()}")
    for url in urls:
        assert client.get(url).status_code == 200
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200
    assert Unit.objects.count() == units


def test_a_miss_reads_the_unit_by_the_id_the_version_query_found(client, two_units):
    """request.unit is loaded by primary key: the slug is looked up once, by the version query."""
    _, town, items = two_units
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page(town, items[town])).status_code == 200
    sql = [q["sql"] for q in queries]
    assert [s for s in sql if 'u."slug" = ' in s] == sql[:1]  # the version query
    assert [s for s in sql if '"units_unit"."slug"' in s.split("WHERE")[-1]] == []


def test_an_unknown_unit_is_never_cached_and_nothing_is_logged(
    client, caplog, django_assert_max_num_queries
):
    client.get("/u/no-such-town/catalogue/d-home/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/u/no-such-town/catalogue/d-home/")
    assert len(queries) > 1  # rendered again: no version, no stored page
    assert [r for r in caplog.records if r.name.startswith("pagecache")] == []


@pytest.fixture
def platform_page(settings):
    settings.ROOT_URLCONF = "tests.pagecache.platform_urls"
    return "/platform-test/"


def test_a_platform_page_is_cached_until_a_change_in_any_unit(
    client, two_units, platform_page, django_assert_num_queries
):
    home, town, items = two_units
    first = client.get(platform_page)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the same one query: it reads the platform version too
        assert client.get(platform_page)["ETag"] == first["ETag"]
    town_page = client.get(page(town, items[town]))

    make_item(domain=items[home].domain, level1="医疗救助")  # a change in the home unit ...
    assert "医疗救助" in client.get(platform_page).content.decode()  # ... changes the platform's
    with django_assert_num_queries(1):  # ... but not the town's pages
        assert client.get(page(town, items[town]))["ETag"] == town_page["ETag"]

    make_item(domain=items[town].domain, level1="受灾人员救助")  # a change in the town
    assert "受灾人员救助" in client.get(platform_page).content.decode()


@pytest.fixture
def builds(caplog):
    caplog.set_level(logging.INFO, logger=generated.logger.name)
    return lambda: [r.slot for r in caplog.records if r.name == generated.logger.name]


def test_a_generated_file_is_rebuilt_only_after_a_change_in_its_own_unit(client, builds):
    home = Unit.objects.home()
    town = make_unit("xishan", parent=home)
    make_request(unit=home)
    make_request(unit=town)
    year = make_request(unit=town).received_on.year
    url = reverse("inforequests:statistics-xlsx", args=[year])
    urls = {home: url, town: f"/u/{town.slug}{url}"}
    for address in urls.values():
        assert client.get(address).status_code == 200
    assert sorted(builds()) == sorted(f"inforequests/statistics/{u.pk}/{year}" for u in urls)

    make_request(unit=home)  # a change in the home unit
    for address in urls.values():
        assert client.get(address).status_code == 200
    assert builds()[2:] == [f"inforequests/statistics/{home.pk}/{year}"]

    make_request(unit=town)
    client.get(urls[town])
    assert builds()[3:] == [f"inforequests/statistics/{town.pk}/{year}"]


# Across processes: a save in one unit, in one process; the other unit's page, in another


SETUP = """
from tests.factories import make_item, make_domain
from tests.pagecache.test_units import make_unit
from units.models import Unit
home = Unit.objects.home()
town = make_unit("dongshan", parent=home)
make_item(domain=make_domain(slug="d-home", unit=home), level1="最低生活保障")
make_item(domain=make_domain(slug="d-town", unit=town), level1="临时救助")
"""

READ = """
from django.test import Client
print(Client(HTTP_HOST="localhost").get("{url}").content.decode().count("{word}"))
"""


def check_a_save_in_one_unit_leaves_the_other_s_page_cached_in_every_process(env):
    run(
        env, "from django.core.management import call_command; call_command('migrate', verbosity=0)"
    )
    run(env, SETUP)
    home, town = "/catalogue/d-home/", "/u/dongshan/catalogue/d-town/"
    assert run(env, READ.format(url=home, word="最低生活保障")) != "0"  # one process caches both
    assert run(env, READ.format(url=town, word="临时救助")) != "0"
    # Changed behind the cache's back (no signal): the town's cached page is what is served.
    run(
        env,
        "from catalogue.models import DisclosureItem;"
        "DisclosureItem.objects.filter(level1='临时救助').update(level1='医疗救助')",
    )
    # A save in the home unit, in a process of its own ...
    run(
        env,
        "from catalogue.models import DisclosureItem;"
        "item = DisclosureItem.objects.get(level1='最低生活保障');"
        "item.level1 = '特困人员救助供养'; item.save()",
    )
    # ... is seen by the next read of the home unit's page in any other process ...
    assert run(env, READ.format(url=home, word="特困人员救助供养")) != "0"
    # ... while the town's page is still the cached one (not rendered again: it would say 医疗救助).
    assert run(env, READ.format(url=town, word="临时救助")) != "0"
    assert run(env, READ.format(url=town, word="医疗救助")) == "0"
    # A save in the town is seen there too.
    run(
        env,
        "from catalogue.models import DisclosureItem;"
        "item = DisclosureItem.objects.get(level1='医疗救助'); item.save()",
    )
    assert run(env, READ.format(url=town, word="医疗救助")) != "0"


def test_a_save_in_one_unit_leaves_the_other_s_page_cached_across_processes_files(tmp_path):
    env = cross_process_env(tmp_path, {"DJANGO_CACHE_DIR": str(tmp_path / "cache")})
    check_a_save_in_one_unit_leaves_the_other_s_page_cached_in_every_process(env)


def test_a_save_in_one_unit_leaves_the_other_s_page_cached_across_processes_redis(tmp_path):
    url = redis_url()
    if url is None:
        missing("no Redis answers (.ci/run starts one)")
    prefix = f"test-{uuid.uuid4().hex}"
    env = cross_process_env(tmp_path, {"REDIS_URL": url, "DJANGO_CACHE_PREFIX": prefix})
    try:
        check_a_save_in_one_unit_leaves_the_other_s_page_cached_in_every_process(env)
    finally:
        import redis

        client = redis.Redis.from_url(url)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_the_existing_row_the_first_unit_s_and_adds_the_others():
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("pagecache", "0001_initial")], [("pagecache", "0002_a_version_per_unit")]
    home = Unit.objects.home()
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("pagecache", "ContentVersion")
    old.objects.all().delete()
    old.objects.create(pk=1, version=12345)
    Unit.objects.bulk_create([Unit(**unit_fields("nanshan"))])  # no signals: no version row
    town = Unit.objects.get(slug="nanshan")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    rows = {row.unit_id: row for row in ContentVersion.objects.all()}
    assert set(rows) == {home.pk, town.pk, None}
    assert rows[home.pk].pk == 1 and rows[home.pk].version == 12345  # pages keep their version
    assert ContentVersion.objects.for_request("") == (home.pk, 12345, rows[None].version)
