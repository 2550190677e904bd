"""scan_privacy per unit: --unit reads one unit's items and publications, --all-units each in turn."""

import io

import pytest
from django.core.management import call_command

from tests.factories import make_column, make_domain, make_item, make_office, make_publication
from tests.privacy.files import resident_id
from tests.selfcheck.units import make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    try:
        call_command("scan_privacy", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def units():
    county = Unit.objects.home()
    town = make_unit("东山镇", "dongshan", parent=county, town=True)
    make_item(level1="县局事项", level2="审核信息", content=f"对象 {resident_id()}")
    office = make_office(name="东山民政所", unit=town)
    column = make_column(name="东山公示", unit=town, owner_office=office)
    make_publication(column, title="东山名单", body="联系电话 13812345678")
    make_item(level1="东山事项", level2="办事指南", domain=make_domain(unit=town))
    return county, town


def test_one_unit_is_scanned_alone(units):
    county, _ = units
    code, out = run("--unit", "dongshan")
    assert code == 1
    assert out.splitlines()[0] == "【东山镇】"
    assert "栏目信息“东山名单”" in out and "县局事项" not in out
    assert out.strip().endswith("共发现 1 处，请在后台遮挡后重新保存。")
    code, out = run("--unit", county.code)
    assert code == 1
    assert "县局事项" in out and "东山名单" not in out


def test_all_units_scans_each_under_its_name(units):
    county, _ = units
    code, out = run("--all-units")
    assert code == 1
    assert out.index(f"【{county.name}】") < out.index("县局事项") < out.index("【东山镇】")
    assert out.index("【东山镇】") < out.index("东山名单")
    assert "共发现 2 处" in out


def test_a_clean_unit_says_so(units):
    make_unit("西河乡", "xihe", town=True)
    code, out = run("--unit", "xihe")
    assert (code, out.splitlines()) == (0, ["【西河乡】", "未发现个人敏感信息。"])
