"""
The audit log (审计日志): who did what, when, from which address, to which object.

Entries are written by the signal receivers in audit/receivers.py (sign-in, sign-out, failed
and locked-out sign-ins) and by `audit.record()` from other apps (publish, unpublish, review).
Nobody edits or deletes them in the admin; `purge_audit_log` removes the ones older than the
retention period. An entry about an object belongs to the object's unit, so a unit's
administrator reads their units' entries only; sign-ins and other platform events have no unit
and are the platform administrators'.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from audit import actions
from audit.client import client_ip
from units.access import is_unit_owned, unit_id_of

# Network logs must be kept for at least six months (网络安全法 第二十一条).
MINIMUM_RETENTION_DAYS = 180


class RetentionTooShort(ValueError):
    """A retention period below the legal minimum: refuse rather than delete too much."""


class AuditEntryQuerySet(models.QuerySet):
    def record(self, request_or_user, action, obj=None, detail="", user=None, username=None):
        """
        Write one entry. `request_or_user` gives who (and, for a request, the address);
        `user` and `username` override who (a failed sign-in names the account tried).
        """
        request = request_or_user if isinstance(request_or_user, HttpRequest) else None
        if user is None:
            user = getattr(request, "user", None) if request is not None else request_or_user
        if user is not None and not user.is_authenticated:
            user = None
        if username is None:
            username = user.get_username() if user is not None else ""
        entry = self.model(
            user=user,
            username=username[:150],
            ip_address=client_ip(request) if request is not None else None,
            action=action,
            detail=detail,
        )
        if obj is not None:
            entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
            entry.object_id = str(obj.pk)[:64]
            entry.object_repr = str(obj)[:200]
            entry.unit_id = unit_of(obj)
        entry.save()
        return entry

    def older_than(self, days):
        return self.filter(when__lt=timezone.now() - datetime.timedelta(days=days))

    def purge(self, retention_days):
        """Delete the entries older than `retention_days` (at least 180); return how many."""
        if retention_days < MINIMUM_RETENTION_DAYS:
            raise RetentionTooShort(retention_days)
        deleted, _ = self.older_than(retention_days).delete()
        return deleted


def unit_of(obj):
    """The unit an entry about `obj` belongs to: the object's; None for platform objects."""
    return unit_id_of(obj) if is_unit_owned(type(obj)) else None


class AuditEntry(models.Model):
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="audit_entries",
        null=True,
        blank=True,
    )
    when = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the name of a failed sign-in, and of a user deleted since.
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("操作", max_length=32, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name="对象类型",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    detail = models.TextField("说明", blank=True)

    objects = AuditEntryQuerySet.as_manager()

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-when", "-id"]
        # The users' admin stands in this app (audit.admin): a unit's administrator, who holds
        # every permission of the app, manages the users of their units with this one.
        permissions = [("manage_unit_users", "管理本单位的用户")]

    def __str__(self):
        who = self.username or "系统"
        return f"{timezone.localtime(self.when):%Y-%m-%d %H:%M:%S} {who} {self.action_label}"

    @property
    def action_label(self):
        return actions.label(self.action)
