"""
Audit entries for sign-in, sign-out, failed and locked-out sign-ins.

A failed sign-in is recorded with the username typed (and the user, when one has that name).
The failure that reaches the limit adds a `locked_out` entry; so does every attempt made while
the lock lasts, after its `login_failed`.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

import audit
from audit import actions, idle


@receiver(user_logged_in, dispatch_uid="audit-login")
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        idle.touch(request.session, force=True)
    device = getattr(user, "otp_device", None)
    detail = f"动态口令设备：{device.name}" if device is not None else ""
    audit.record(request, actions.LOGIN, detail=detail, user=user)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:  # a sign-out without a signed-in user changes nothing
        return
    detail = getattr(request, "audit_logout_detail", "")
    audit.record(request, actions.LOGOUT, detail=detail, user=user)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD) or "")
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    audit.record(request, actions.LOGIN_FAILED, user=user, username=username)


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    # axes counts the failures only when it records one: the one that reaches the limit.
    failures = getattr(request, "axes_failures_since_start", None)
    detail = f"连续 {failures} 次登录失败，已锁定" if failures else "锁定期间再次尝试登录，已拒绝"
    audit.record(request, actions.LOCKED_OUT, username=username or "", detail=detail)
