"""The audit log: what the receivers and `audit.record` write, its admin, its retention."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

import audit
from audit import actions
from audit.models import AuditEntry
from catalogue.models import DisclosureItem
from tests.audit.conftest import sign_in
from tests.factories import make_item

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/audit/auditentry/"


def only(action):
    return AuditEntry.objects.get(action=action)


# The receivers


def test_signing_in_is_recorded_with_the_address(client, clerk):
    sign_in(client, ip="192.0.2.10")
    entry = only("login")
    assert (entry.user, entry.username, entry.ip_address) == (clerk, "clerk", "192.0.2.10")
    assert entry.action_label == "登录"


def test_a_failed_sign_in_names_the_account_tried(client, clerk):
    sign_in(client, password="wrong", ip="192.0.2.11")
    sign_in(client, username="nobody", password="wrong", ip="192.0.2.11")
    known, unknown = AuditEntry.objects.filter(action="login_failed").order_by("id")
    assert (known.user, known.username, known.ip_address) == (clerk, "clerk", "192.0.2.11")
    assert (unknown.user, unknown.username) == (None, "nobody")
    assert "wrong" not in known.detail + unknown.detail


def test_signing_out_is_recorded(client, clerk):
    sign_in(client)
    client.post("/admin/logout/")
    entry = only("logout")
    assert (entry.user, entry.detail) == (clerk, "")


def test_the_lock_out_is_recorded_and_so_is_each_attempt_during_it(client, clerk):
    for _ in range(6):
        sign_in(client, password="wrong", ip="192.0.2.12")
    assert AuditEntry.objects.filter(action="login_failed").count() == 6
    first, during = AuditEntry.objects.filter(action="locked_out").order_by("id")
    assert (first.username, first.ip_address) == ("clerk", "192.0.2.12")
    assert first.detail == "连续 5 次登录失败，已锁定"
    assert during.detail == "锁定期间再次尝试登录，已拒绝"


# audit.record, for other apps


def test_record_keeps_who_where_and_the_object(clerk):
    item = make_item(level1="临时救助", level2="办事指南")
    request = RequestFactory().post("/admin/", REMOTE_ADDR="2001:db8::1")
    request.user = clerk
    entry = audit.record(request, "publish", obj=item, detail="批量发布")
    entry.refresh_from_db()
    assert (entry.user, entry.username, entry.ip_address) == (clerk, "clerk", "2001:db8::1")
    assert entry.content_type == ContentType.objects.get_for_model(DisclosureItem)
    assert entry.object_id == str(item.pk)
    assert entry.object_repr == str(item)
    assert entry.detail == "批量发布"


def test_record_takes_a_user_or_nobody(clerk):
    by_user = audit.record(clerk, "publish")
    by_system = audit.record(None, "unpublish", detail="到期自动撤回")
    assert (by_user.username, by_user.ip_address) == ("clerk", None)
    assert (by_system.user, by_system.username) == (None, "")
    assert "系统" in str(by_system)


def test_apps_add_their_own_actions():
    actions.register("test_action", "测试动作")
    try:
        assert audit.record(None, "test_action").action_label == "测试动作"
        assert audit.record(None, "something_new").action_label == "something_new"
    finally:
        del actions.LABELS["test_action"]


# The admin


def test_the_admin_lists_filters_and_searches(client, clerk):
    client.force_login(clerk)
    audit.record(None, "login_failed", username="intruder")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    request.user = clerk
    audit.record(request, "publish")

    html = client.get(CHANGELIST).content.decode()
    assert "审计日志" in html
    for label in ("登录", "登录失败", "发布"):
        assert label in html
    assert "intruder" in client.get(CHANGELIST, {"action": "login_failed"}).content.decode()
    assert "intruder" not in client.get(CHANGELIST, {"action": "publish"}).content.decode()
    assert "intruder" in client.get(CHANGELIST, {"q": "intru"}).content.decode()
    by_ip = client.get(CHANGELIST, {"q": "203.0.113.9"}).content.decode()
    assert "intruder" not in by_ip
    assert "203.0.113.9" in by_ip
    today = timezone.localdate()
    dated = client.get(
        CHANGELIST, {"when__year": today.year, "when__month": today.month, "when__day": today.day}
    )
    assert dated.status_code == 200


def test_nobody_adds_changes_or_deletes_entries(client, clerk):
    client.force_login(clerk)  # a superuser
    entry = audit.record(None, "login_failed", username="intruder")
    assert client.get(CHANGELIST + "add/").status_code == 403
    change_url = f"{CHANGELIST}{entry.pk}/change/"
    page = client.get(change_url).content.decode()
    assert "intruder" in page
    assert 'name="_save"' not in page
    assert client.post(change_url, {"username": "someone"}).status_code == 403
    assert client.post(f"{CHANGELIST}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.username == "intruder"


def test_the_list_costs_the_same_queries_for_10_and_300_entries(
    client, clerk, django_assert_max_num_queries
):
    client.force_login(clerk)
    AuditEntry.objects.bulk_create(AuditEntry(action="login", username=f"u{n}") for n in range(10))
    client.get(CHANGELIST)
    with django_assert_max_num_queries(20) as small:
        client.get(CHANGELIST)
    AuditEntry.objects.bulk_create(
        AuditEntry(action="logout", username=f"u{n}") for n in range(290)
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200


# Retention


def entry_aged(days, **kwargs):
    entry = AuditEntry.objects.create(action="login", **kwargs)
    AuditEntry.objects.filter(pk=entry.pk).update(
        when=timezone.now() - datetime.timedelta(days=days)
    )
    return entry


def test_purge_deletes_entries_past_the_retention_period(settings):
    settings.PORTAL_AUDIT_RETENTION_DAYS = 365
    old = entry_aged(366, username="old")
    kept = entry_aged(364, username="kept")
    out = io.StringIO()
    call_command("purge_audit_log", "--dry-run", stdout=out)
    assert "有 1 条审计日志早于 365 天前" in out.getvalue()
    assert AuditEntry.objects.count() == 2

    out = io.StringIO()
    call_command("purge_audit_log", stdout=out)
    assert "已删除 1 条" in out.getvalue()
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AuditEntry.objects.filter(pk=old.pk).exists()


def test_purge_refuses_a_retention_under_180_days(settings):
    settings.PORTAL_AUDIT_RETENTION_DAYS = 90
    entry_aged(100)
    with pytest.raises(CommandError, match="至少要保留 180 天") as refused:
        call_command("purge_audit_log", stdout=io.StringIO())
    assert "PORTAL_AUDIT_RETENTION_DAYS=90" in str(refused.value)
    assert "本次未删除任何记录" in str(refused.value)
    assert AuditEntry.objects.count() == 1


def test_the_default_retention_is_a_year(settings):
    assert settings.PORTAL_AUDIT_RETENTION_DAYS == 365
