"""units.commands: the --unit / --all-units options every management command shares."""

import argparse

import pytest
from django.core.management.base import CommandError

from tests.selfcheck.units import make_unit
from units.commands import add_unit_arguments, units_from_options
from units.models import Unit

pytestmark = pytest.mark.django_db


def options(*argv, all_units=True):
    parser = argparse.ArgumentParser()
    add_unit_arguments(parser, all_units=all_units)
    return vars(parser.parse_args(argv))


def test_a_platform_of_one_unit_needs_no_option():
    assert units_from_options(options()) == [Unit.objects.home()]
    assert units_from_options(options(all_units=False)) == [Unit.objects.home()]


def test_a_unit_is_named_by_its_code_in_any_case_or_by_its_slug():
    town = make_unit("东山镇", "dongshan", parent=Unit.objects.home(), town=True)
    assert units_from_options(options("--unit", town.code)) == [town]
    assert units_from_options(options("--unit", town.code.lower())) == [town]
    assert units_from_options(options("--unit", "dongshan")) == [town]


def test_all_units_are_the_live_ones_in_order():
    home = Unit.objects.home()
    second = make_unit("西河乡", "xihe", parent=home, town=True, order=2)
    first = make_unit("东山镇", "dongshan", parent=home, town=True, order=1)
    make_unit("北岭乡", "beiling", parent=home, town=True, is_live=False)
    units = units_from_options(options("--all-units"))
    assert units[-2:] == [first, second] and home in units
    assert "beiling" not in {unit.slug for unit in units}


def test_several_units_without_an_option_are_refused_naming_a_few():
    home = Unit.objects.home()
    for n in range(7):
        make_unit(f"乡镇{n}", f"town-{n}", parent=home, town=True, order=n + 1)
    with pytest.raises(CommandError) as refused:
        units_from_options(options())
    message = str(refused.value)
    assert refused.value.returncode == 2
    assert message.startswith("本平台有多个发布单位，请用 --unit 指定统一社会信用代码或网址标识")
    assert "或用 --all-units" in message
    assert f"{home.code}（{home.name}）" in message and message.endswith("……。")
    assert "乡镇6" not in message  # a few, not all
    # A command that runs for one unit only does not offer --all-units.
    with pytest.raises(CommandError) as single:
        units_from_options(options(all_units=False))
    assert "--all-units" not in str(single.value)


def test_unknown_units_and_both_options_are_refused():
    with pytest.raises(CommandError, match="没有统一社会信用代码或网址标识为“nowhere”的发布单位"):
        units_from_options(options("--unit", "nowhere"))
    with pytest.raises(CommandError, match="只能选一个"):
        units_from_options(options("--unit", "x", "--all-units"))
    parser = argparse.ArgumentParser()
    add_unit_arguments(parser, all_units=False)
    with pytest.raises(SystemExit):
        parser.parse_args(["--all-units"])
