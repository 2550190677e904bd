"""The content layer's costs do not grow with the number of units on the platform."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from columns.exporting import export_columns
from disclosure.standard_data import load_standard_data
from tests.content_units import county, make_town
from units.commands import units_from_options

pytestmark = pytest.mark.django_db

CODES = ("113417000032448015", "113417000032448028", "11341700003244803B")


def count(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def costs(client):
    unit = county()
    client.get("/catalogue/social-assistance/download.csv")  # the file is built once
    return (
        count(lambda: load_standard_data(unit=unit)),
        count(lambda: export_columns("csv", unit=unit)),
        count(lambda: client.get("/catalogue/social-assistance/download.csv")),
        count(lambda: units_from_options({"unit": unit.code})),
    )


def test_one_unit_and_four_cost_the_same(client):
    load_standard_data(unit=county())
    alone = costs(client)
    for n, code in enumerate(CODES):
        load_standard_data(unit=make_town(code=code, slug=f"town-{n}", name=f"示范县第{n}镇"))
    assert costs(client) == alone
