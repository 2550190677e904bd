"""Lock-out after five failed sign-ins (django-axes), per username and address, for 30 minutes."""

import datetime
import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.audit.conftest import PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db


def fail(client, times, username="clerk", ip="127.0.0.1"):
    return [sign_in(client, username, "wrong-password", ip=ip) for _ in range(times)]


def test_four_failures_then_the_right_password_signs_in_and_resets_the_count(client, clerk):
    responses = fail(client, 4)
    assert all(r.status_code == 200 for r in responses)
    assert "请输入一个正确的" in responses[-1].content.decode()  # Django's own message

    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not AccessAttempt.objects.exists()  # reset on success

    client.logout()
    fail(client, 4)
    assert signed_in(client) is False
    assert sign_in(client).status_code == 302


def test_the_fifth_failure_locks_and_the_page_says_until_when_and_whom_to_call(
    client, clerk, settings
):
    settings.PORTAL_ADMIN_CONTACT = "局办公室（电话 0000-1234567）"
    *_, fifth = fail(client, 5)
    html = fifth.content.decode()
    assert fifth.status_code == 429
    assert "登录已暂时锁定" in html
    assert "连续 5 次登录失败" in html
    assert "锁定 30 分钟" in html
    attempt = AccessAttempt.objects.get(username="clerk", ip_address="127.0.0.1")
    until = timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=30))
    assert f"{until:%H:%M}" in html
    assert "局办公室（电话 0000-1234567）" in html
    assert '<html lang="zh-hans"' in html

    # The right password does not get through the lock, and does not extend it.
    response = sign_in(client)
    assert response.status_code == 429
    assert not signed_in(client)
    attempt.refresh_from_db()
    assert timezone.localtime(attempt.attempt_time + datetime.timedelta(minutes=30)) == until


def test_the_lock_is_for_that_username_on_that_address_only(client, clerk, django_user_model):
    django_user_model.objects.create_superuser("editor", "", PASSWORD)
    fail(client, 5)
    assert sign_in(client).status_code == 429

    assert sign_in(client, ip="10.1.2.3").status_code == 302  # the clerk elsewhere
    client.logout()
    assert sign_in(client, "editor").status_code == 302  # a colleague at the same desk


def test_the_lock_ends_after_thirty_minutes(client, clerk):
    fail(client, 5)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=30, seconds=1)
    )
    response = sign_in(client)
    assert response.status_code == 302
    assert signed_in(client)


def test_behind_the_proxy_the_address_comes_from_its_forwarded_entry(client, clerk, settings):
    settings.PORTAL_PROXY_COUNT = 1
    for n in range(5):
        # The client invents a different leftmost address each time; nginx appends the real one.
        client.post(
            "/admin/login/",
            {"username": "clerk", "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    response = client.post(
        "/admin/login/",
        {"username": "clerk", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert response.status_code == 429


def test_signing_in_without_a_request_still_works(clerk, client):
    """The test client's login() and scripts: no address to lock, nothing to refuse."""
    assert client.login(username="clerk", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_the_demo_admin_still_signs_in(client, settings):
    settings.DEBUG = True
    call_command("ensure_demo_admin", stdout=io.StringIO())
    response = sign_in(client, "admin", "portal-admin")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
