"""
A platform of 200 units costs every public page and every admin list the same queries as a
platform of one: nothing is read per unit, whatever the page.
"""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review import roles
from tests.public_pages import load_standard_data, make_unit, public_pages
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    """Run the views every time: the counts are the pages' own, not a cache hit's."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "pagecache" not in m]


def more_units(count):
    home = Unit.objects.home()
    for _ in range(count):
        make_unit(town=True, parent=home)


def query_counts(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 404), url  # the list has the 404 page too
        counts[url] = len(queries)
    return counts


def test_every_public_page_costs_the_same_with_200_units_as_with_one(client, uncached):
    load_standard_data()
    call_command("load_demo_ledger", stdout=io.StringIO())
    urls = sorted(set(public_pages().values()))
    one = query_counts(client, urls)
    more_units(199)
    assert query_counts(client, urls) == one


def changelists():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("role", ["superuser", roles.HEAD])
def test_every_admin_list_costs_the_same_with_200_units_as_with_two(
    client, django_user_model, role
):
    """
    From one unit to two, lists of rows that belong to a unit gain the unit's column and filter
    (a person in several units, or a platform administrator, needs to see whose each row is);
    from two to two hundred nothing grows.
    """
    load_standard_data()
    make_unit(town=True, parent=Unit.objects.home())
    if role == "superuser":
        user = django_user_model.objects.create_superuser("platform", "p@example.gov.cn", "x")
    else:
        user = django_user_model.objects.create_user("head", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        Unit.objects.home().members.add(user)
    client.force_login(user)
    urls = [url for url in changelists() if client.get(url).status_code == 200]
    assert urls
    two = query_counts(client, urls)
    more_units(198)
    assert query_counts(client, urls) == two
