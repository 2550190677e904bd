"""purge_audit_log per unit: --unit purges one unit's entries; the cron's --all-units purges all."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEntry
from tests.selfcheck.units import make_unit
from units.models import Unit

pytestmark = pytest.mark.django_db


def aged(days, unit=None):
    entry = AuditEntry.objects.create(action="login", username=f"u-{days}", unit=unit)
    AuditEntry.objects.filter(pk=entry.pk).update(
        when=timezone.now() - datetime.timedelta(days=days)
    )
    return entry


@pytest.fixture
def entries():
    county = Unit.objects.home()
    town = make_unit("东山镇", "dongshan", parent=county, town=True)
    return {
        "county_old": aged(400, county),
        "town_old": aged(400, town),
        "platform_old": aged(400),
        "town_new": aged(10, town),
    }


def left():
    return set(AuditEntry.objects.values_list("username", "unit__slug"))


def test_one_unit_purges_its_own_old_entries_only(entries):
    out = io.StringIO()
    call_command("purge_audit_log", "--unit", "dongshan", "--dry-run", stdout=out)
    assert (
        out.getvalue().strip() == "有 1 条东山镇的审计日志早于 365 天前，将被删除（本次未删除）。"
    )
    call_command("purge_audit_log", "--unit", "dongshan", stdout=out)
    assert "已删除 1 条东山镇的早于 365 天前的审计日志。" in out.getvalue()
    assert not AuditEntry.objects.filter(pk=entries["town_old"].pk).exists()
    assert AuditEntry.objects.count() == 3


def test_all_units_purges_every_old_entry_the_platforms_too(entries):
    out = io.StringIO()
    call_command("purge_audit_log", "--all-units", stdout=out)
    assert "已删除 3 条早于 365 天前的审计日志。" in out.getvalue()
    assert list(AuditEntry.objects.all()) == [entries["town_new"]]


def test_several_units_need_an_option(entries):
    with pytest.raises(CommandError, match="本平台有多个发布单位"):
        call_command("purge_audit_log", stdout=io.StringIO())
    assert AuditEntry.objects.count() == 4
