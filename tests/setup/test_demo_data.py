"""Demo data (演示数据) comes and goes as the Makefile says: `run` loads it, `delete-demo` removes it."""

import re
import shlex

import pytest
from django.apps import apps
from django.core.management import call_command

from catalogue.models import DisclosureItem
from columns.models import Column
from tests.setup.test_makefile import ROOT
from units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)


def recipe(target):
    """The manage.py commands of a Makefile target, in order, as argument lists."""
    text = (ROOT / "Makefile").read_text()
    body = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M).group(1)
    return [
        shlex.split(line.split("manage.py", 1)[1])
        for line in body.splitlines()
        if "manage.py" in line
    ]


def demo_models():
    return [m for m in apps.get_models() if any(f.name == "is_demo" for f in m._meta.fields)]


def test_delete_demo_removes_everything_run_loaded_and_nothing_else(capsys):
    # ensure_demo_admin, a development login, is refused outside DEBUG and marks nothing.
    loads = [args for args in recipe("run") if args[0].startswith("load_")]
    # Every unit's standard data: on a second run the demo towns are units too.
    assert loads[0] == ["load_standard_data", "--all-units"]
    for args in loads:
        call_command(*args)
    # The first unit's own rows; the demo towns' go with them.
    home = Unit.objects.home()
    items = DisclosureItem.objects.filter(domain__unit=home).count()
    columns = Column.objects.filter(unit=home).count()
    loaded = {m._meta.label: m.objects.filter(is_demo=True).count() for m in demo_models()}
    assert all(
        loaded[label]
        for label in ("publications.Publication", "inforequests.InfoRequest", "units.Unit")
    )

    # One command loads every app's demo data, and the same command deletes it.
    assert ["load_demo"] in loads
    deletes = recipe("delete-demo")
    assert deletes == [["load_demo", "--delete"]]
    for args in deletes:
        call_command(*args)
    left = {m._meta.label: m.objects.filter(is_demo=True).count() for m in demo_models()}
    assert {label: n for label, n in left.items() if n} == {}
    assert (DisclosureItem.objects.count(), Column.objects.count()) == (items, columns)
    assert list(Unit.objects.all()) == [home]
