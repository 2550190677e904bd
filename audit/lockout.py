"""
Lock-out after repeated failed sign-ins (django-axes), with a Chinese page saying until when.

Settings (portal/settings.py): a username is locked on one address after AXES_FAILURE_LIMIT
failures for AXES_COOLOFF_TIME; attempts during the lock are refused without being counted, so
the time the page gives stays true.
"""

import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone


class LockoutBackend(AxesStandaloneBackend):
    """
    Refuse sign-ins of a locked username and address, as axes does.

    A sign-in without a request (the test client's `login()`, a script) has no address to lock
    and is passed on to the next backend instead of raising: only the admin's login page signs
    people in, and it always has a request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_until(username, ip_address, cool_off):
    """When the lock of this username on this address ends (None if nothing is recorded)."""
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        last=Max("attempt_time")
    )["last"]
    return last + cool_off if last else None


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE), status 429."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    until = locked_until(username, getattr(request, "axes_ip_address", None), cool_off)
    until = timezone.localtime(until or timezone.now() + cool_off)
    context = {
        **admin.site.each_context(request),
        "title": "登录已暂时锁定",
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "cool_off_minutes": round(cool_off.total_seconds() / 60),
        "locked_until": until,
        "same_day": until.date() == timezone.localdate(),
        "contact": settings.PORTAL_ADMIN_CONTACT,
    }
    # Rendered here: axes returns this from its middleware, where no one renders a template
    # response any more.
    return render(
        request, "audit/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
