"""
Idle sign-out: a signed-in session ends PORTAL_IDLE_TIMEOUT seconds after its last request.

The time of the last request is kept in the session. Writing the session costs a query, so it
is rewritten at most every `touch_interval()` seconds (a minute at the default half hour); the
deadline the admin pages count down to is computed from the same stored time, so the page and
the server agree. The browser side (a warning PORTAL_IDLE_WARNING seconds before, with a
keep-alive button: WCAG 2.2.1) is static/admin_extra/idle.js.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

SESSION_KEY = "portal_last_activity"
IDLE_SIGN_OUT = "长时间未操作，自动退出"


def timeout():
    return settings.PORTAL_IDLE_TIMEOUT


def touch_interval():
    return min(60, timeout() / 30)


def last_activity(session):
    value = session.get(SESSION_KEY)
    return value if isinstance(value, int | float) else None


def remaining_seconds(session, now=None):
    """Seconds left before the session ends for idleness (the full timeout if unknown)."""
    last = last_activity(session)
    if last is None:
        return timeout()
    now = time.time() if now is None else now
    return max(0, round(last + timeout() - now))


def is_expired(session, now=None):
    last = last_activity(session)
    now = time.time() if now is None else now
    return last is not None and now - last >= timeout()


def touch(session, force=False, now=None):
    """Record activity now; skipped when the stored time is recent enough (unless forced)."""
    now = time.time() if now is None else now
    last = last_activity(session)
    if force or last is None or now - last >= touch_interval():
        session[SESSION_KEY] = now


def passive(view):
    """Mark a view whose requests are not activity (the page asking how long is left)."""
    view.idle_passive = True
    return view


class IdleTimeoutMiddleware:
    """
    Sign out a user whose session has been idle too long, else count the request as activity.

    Runs as process_view (after URL resolution) so that views marked `passive` are not counted.
    The sign-out sends user_logged_out, so the audit log records it with the reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        if is_expired(request.session):
            request.audit_logout_detail = IDLE_SIGN_OUT
            logout(request)
            if request.path.startswith("/admin/"):
                messages.info(request, "您已长时间未操作，为保护账号安全已自动退出，请重新登录。")
            return None
        if not getattr(view_func, "idle_passive", False):
            touch(request.session)
        return None
