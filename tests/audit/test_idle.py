"""
Idle sign-out, server side: a session ends 30 minutes after its last request.

The idle period is simulated by editing the session's stored last activity (or its expiry) in
the database, never by sleeping.
"""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from audit import idle
from audit.models import AuditEntry
from tests.audit.conftest import sign_in, signed_in

pytestmark = pytest.mark.django_db

MINUTE = 60


def set_last_activity(client, seconds_ago):
    session = client.session
    session[idle.SESSION_KEY] = time.time() - seconds_ago
    session.save()


def stored_last_activity(client):
    return client.session[idle.SESSION_KEY]


@pytest.fixture
def clerk_client(client, clerk):
    assert sign_in(client).status_code == 302
    return client


def test_the_limit_is_thirty_minutes_and_the_cookie_outlives_it(settings):
    assert settings.PORTAL_IDLE_TIMEOUT == 30 * MINUTE
    assert settings.PORTAL_IDLE_WARNING == 2 * MINUTE
    assert settings.SESSION_COOKIE_AGE > settings.PORTAL_IDLE_TIMEOUT


def test_signing_in_starts_the_clock(clerk_client):
    assert time.time() - stored_last_activity(clerk_client) < 5


def test_a_session_idle_for_thirty_minutes_is_signed_out(clerk_client):
    set_last_activity(clerk_client, 30 * MINUTE + 1)
    response = clerk_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not signed_in(clerk_client)

    login_page = clerk_client.get(response["Location"]).content.decode()
    assert "您已长时间未操作，为保护账号安全已自动退出，请重新登录。" in login_page
    entry = AuditEntry.objects.filter(action="logout").get()
    assert (entry.username, entry.detail) == ("clerk", "长时间未操作，自动退出")


def test_a_session_past_its_expiry_in_the_database_is_gone(clerk_client):
    Session.objects.filter(session_key=clerk_client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = clerk_client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_request_within_the_limit_keeps_the_session_and_restarts_the_clock(clerk_client):
    set_last_activity(clerk_client, 29 * MINUTE)
    assert clerk_client.get("/admin/").status_code == 200
    assert time.time() - stored_last_activity(clerk_client) < 5
    session = Session.objects.get(session_key=clerk_client.session.session_key)
    assert session.expire_date > timezone.now() + timezone.timedelta(minutes=30)


def test_requests_close_together_do_not_rewrite_the_session(
    clerk_client, django_assert_num_queries
):
    """The stored time is rewritten at most once a minute: a page costs no extra query."""
    set_last_activity(clerk_client, 10)
    before = stored_last_activity(clerk_client)
    clerk_client.get("/admin/session/status/")  # warm up
    with django_assert_num_queries(2):  # the session, the user
        clerk_client.get("/admin/session/status/")
    clerk_client.get("/admin/")
    assert stored_last_activity(clerk_client) == before


def test_asking_how_long_is_left_is_not_activity(clerk_client):
    set_last_activity(clerk_client, 20 * MINUTE)
    before = stored_last_activity(clerk_client)
    response = clerk_client.get("/admin/session/status/")
    assert response.json()["authenticated"] is True
    assert 10 * MINUTE - 5 <= response.json()["remaining_seconds"] <= 10 * MINUTE
    assert response["Cache-Control"].startswith("max-age=0")
    assert stored_last_activity(clerk_client) == before


def test_status_of_an_idle_session_signs_it_out(clerk_client):
    set_last_activity(clerk_client, 31 * MINUTE)
    response = clerk_client.get("/admin/session/status/")
    assert response.json() == {"authenticated": False, "remaining_seconds": 0}


def test_keep_alive_restarts_the_clock(clerk_client):
    set_last_activity(clerk_client, 28 * MINUTE + 30)
    response = clerk_client.post("/admin/session/keep-alive/")
    assert response.status_code == 200
    assert response.json()["remaining_seconds"] >= 30 * MINUTE - 5
    assert time.time() - stored_last_activity(clerk_client) < 5


def test_keep_alive_needs_the_csrf_token_and_a_session(clerk, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(clerk)
    assert strict.post("/admin/session/keep-alive/").status_code == 403
    page = strict.get("/admin/").content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    response = strict.post("/admin/session/keep-alive/", headers={"X-CSRFToken": token})
    assert response.status_code == 200

    anonymous = client.post("/admin/session/keep-alive/")
    assert anonymous.status_code == 403
    assert anonymous.json()["authenticated"] is False
    assert client.get("/admin/session/keep-alive/").status_code == 405


def test_admin_pages_carry_the_warning_dialog_and_its_script(clerk_client):
    set_last_activity(clerk_client, 30)  # recent: this request does not rewrite it
    html = clerk_client.get("/admin/").content.decode()
    dialog = html[html.index('<dialog id="idle-warning"') : html.index("</dialog>")]
    assert 'role="alertdialog"' in dialog
    assert 'aria-labelledby="idle-warning-title"' in dialog
    assert "您已长时间未操作，将在 2 分钟后自动退出。" in dialog
    assert ">继续使用</button>" in dialog
    assert ">立即退出</button>" in dialog
    assert 'action="/admin/logout/"' in dialog
    script = re.search(r'<script src="/static/admin_extra/idle.js"[^>]*>', html).group(0)
    remaining = int(re.search(r'data-remaining="(\d+)"', script).group(1))
    assert 30 * MINUTE - 35 <= remaining <= 30 * MINUTE - 30
    assert 'data-warning="120"' in script
    assert 'data-keepalive-url="/admin/session/keep-alive/"' in script


def test_the_login_page_has_no_warning(client):
    assert "idle-warning" not in client.get("/admin/login/").content.decode()


def test_anonymous_public_pages_are_untouched(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/admin/session/status/").json()["authenticated"] is False
