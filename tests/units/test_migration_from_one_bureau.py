"""
The migration from a single-bureau database (issue 21's first "done when").

The data: tests/units/old_site/demo.json.gz is the demo database of commit 16a09d7, the last
before units, as `make run` loads it (migrate, load_standard_data, ensure_demo_admin,
load_demo), dumped with that commit's code; tests/units/old_site/record.py says how, and
recorded pages.json from the same database with the same code: for every public URL of the old
site (the pages tests/public_pages.py walked, and every domain, published item, column and
publication page), its status code, <title>, <h1> and the links of its <main>.

The test migrates its database back to the migrations each app had before units, loads the dump
into those tables with the historical models, migrates forward, and asserts:

- every row of every model a unit owns (units.access: `unit_path`) is in the first unit, the
  only unit, which the environment described (the same identity the old settings held);
- every URL of the old site answers with the status, title, heading and links the old code gave
  it: the old site's pages cannot be rendered by today's code on the old tables, and a byte
  comparison would compare the day of recording with today (standings, consultation states), so
  the test compares what identifies a page and what it links to;
- the first unit's pages at /u/<slug>/ are the pages at / with the unit's prefix in their links:
  the same bytes once the prefix and the CSRF token are taken out.
"""

import gzip
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.units.old_site.record import describe
from units.access import owned_by
from units.demo import owned_models
from units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)

OLD_SITE = Path(__file__).parent / "old_site"
UNITS_FIRST = ("units", "0001_units")
# Made by the migrations themselves (and kept when going back): not part of the dump.
KEPT_TABLES = {
    *("django_migrations", "django_content_type", "auth_permission", "auth_group"),
    "pagecache_contentversion",
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def before_units(graph):
    """[(app, migration)]: each app's last migration that does not need units (None: none)."""
    targets = []
    for app in sorted({app for app, _ in graph.nodes}):
        nodes = [node for node in graph.nodes if node[0] == app]
        older = [node for node in nodes if UNITS_FIRST not in graph.forwards_plan(node)]
        last = max(older, key=lambda node: len(graph.forwards_plan(node)), default=None)
        targets.append(last if last is not None else (app, None))
    return targets


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def read_dump():
    with gzip.open(OLD_SITE / "demo.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


# The natural keys dumpdata --natural-foreign writes (historical models lack the methods).
NATURAL_KEYS = {
    "contenttypes.contenttype": ("app_label", "model"),
    "auth.user": ("username",),
    "auth.group": ("name",),
}


def by_natural_key(model, key):
    fields = dict(zip(NATURAL_KEYS[model._meta.label_lower], key, strict=True))
    return model._base_manager.get_or_create(**fields)[0].pk


def load(old_apps, records):
    """Empty the old tables and write the dump's rows into them with the historical models."""
    models = [
        model
        for model in old_apps.get_models(include_auto_created=True)
        if model._meta.db_table not in KEPT_TABLES
        and not model._meta.db_table.startswith("auth_group_")
    ]
    with transaction.atomic():
        flush = connection.ops.sql_flush(
            no_style(), [model._meta.db_table for model in models], allow_cascade=True
        )
        connection.ops.execute_sql_flush(flush)
        links = []
        for record in records:
            model = old_apps.get_model(record["model"])
            values = {}
            for field in model._meta.concrete_fields:
                if field.name not in record["fields"]:
                    continue
                value = record["fields"][field.name]
                if field.is_relation and isinstance(value, list):
                    value = by_natural_key(field.related_model, value)
                values[field.attname] = value if field.is_relation else field.to_python(value)
            instance = model(pk=record["pk"], **values)
            instance.save(force_insert=True)
            for field in model._meta.many_to_many:
                if record["fields"].get(field.name):
                    links.append((instance, field.name, record["fields"][field.name]))
        for instance, name, related in links:
            target = instance._meta.get_field(name).related_model
            ids = [by_natural_key(target, r) if isinstance(r, list) else r for r in related]
            getattr(instance, name).set(ids)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


@pytest.fixture
def migrated_demo():
    """The old demo database, migrated to today's schema; the schema is today's again after."""
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    records = read_dump()
    try:
        old_apps = migrate(before_units(executor.loader.graph))
        load(old_apps, records)
    finally:
        migrate(leaves)
    return records


def test_every_row_lands_in_the_first_unit_and_every_old_url_answers_the_same_page(
    migrated_demo,
):
    records = migrated_demo
    assert Unit.objects.count() == 1
    home = Unit.objects.home()
    assert (home.name, home.code, home.slug) == ("示范县民政局", "11341700003244799H", "bureau")

    dumped = {}
    for record in records:
        dumped[record["model"]] = dumped.get(record["model"], 0) + 1
    owned = owned_models()
    for model in owned:
        rows = model._base_manager.all()
        assert rows.count() == dumped.get(model._meta.label_lower, 0), model._meta.label
        assert rows.exclude(owned_by(model, {home.pk})).count() == 0, model._meta.label
    # The demo had rows in each kind of table a unit owns (so the check above checked them).
    assert sum(1 for model in owned if model._meta.label_lower in dumped) >= 20

    pages = json.loads((OLD_SITE / "pages.json").read_text(encoding="utf-8"))
    client = Client()
    differ = {}
    for name, old in pages.items():
        response = client.get(old["url"])
        now = {"url": old["url"], **describe(response)}
        if now != old:
            differ[name] = (old, now)
            continue
        prefixed = client.get(f"{home.path_prefix}{old['url'].lstrip('/')}")
        assert prefixed.status_code == response.status_code, name
        at_root = CSRF.sub("", response.content.decode())
        at_prefix = (
            CSRF.sub("", prefixed.content.decode())
            .replace(home.path_prefix, "/")
            .replace(quote(home.path_prefix, safe=""), "%2F")  # in a ?next= of the 关怀版 link
        )
        assert at_prefix == at_root, name
    assert differ == {}
