"""Two publishing units for the feature apps' tests: the first (county) unit and a town below it."""

import pytest
from stdnum.cn import uscc

from offices.models import Office
from units.models import Kind, Level, Unit


def valid_code(body):
    """A valid 统一社会信用代码 from its first 17 characters."""
    return body + uscc.calc_check_digit(body)


def make_town(county=None, slug="chengguan", name="城关镇人民政府", number=1, **fields):
    county = county or Unit.objects.home()
    fields.setdefault("disclosure_office", f"{name}党政办公室")
    fields.setdefault("address", f"示范县{name}镇府路{number}号")
    fields.setdefault("phone", f"0550-60000{number:02d}")
    fields.setdefault("review_body", "示范县人民政府")
    fields.setdefault("court", "示范县人民法院")
    fields.setdefault("site_url", f"https://{slug}.example.gov.cn")
    return Unit.objects.create(
        name=name,
        kind=Kind.TOWN,
        level=Level.TOWN,
        parent=county,
        code=valid_code(f"11341122MB{number:07d}"),
        slug=slug,
        **fields,
    )


@pytest.fixture
def county(db):
    return Unit.objects.home()


@pytest.fixture
def town(county):
    return make_town(county)


@pytest.fixture
def town_office(town):
    return Office.objects.create(unit=town, name="城关镇民政所", order=1)
