"""
The content version: one row whose value changes with every change public pages show.

It is bumped by an UPDATE in the transaction of the change itself (pagecache.receivers), so a
reader sees the new number exactly when it can see the change, whatever the shared cache was
doing at the time; every public request reads it (one small query) before looking for a page.
"""

import functools
import secrets
from datetime import UTC

from django.db import connections, models
from django.db.models import F
from django.utils import timezone

ROW = 1


def aware(value):
    """A date as read from the database, aware; naive dates are UTC (no time zone support)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


class ContentVersionManager(models.Manager):
    def bump(self, using=None):
        """
        Give the version a new value, in the caller's transaction (the row lock queues writers).

        A random value rather than the next number: a rolled-back change (or a restored backup)
        would hand the same number out again, and pages cached under it would come back.
        """
        rows = self.db_manager(using)
        now, version = timezone.now(), secrets.randbits(63)
        bumped = rows.filter(pk=ROW).update(
            version=version, previous_change=F("changed_at"), changed_at=now
        )
        if not bumped:
            rows.update_or_create(pk=ROW, defaults={"version": version, "changed_at": now})

    def read(self):
        """
        Return (version, last change, the change before), or None without the row.

        Every public request asks, so this is one plain SELECT on the connection rather than a
        queryset: on a cache hit, compiling the ORM's query cost more than running it. A backend
        without time zones (SQLite) gives the dates naive, in UTC, as Django stores them.
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(read_sql(self.db), [ROW])
            row = cursor.fetchone()
        if row is None:
            return None
        version, *dates = row
        return version, *(aware(date) for date in dates)


@functools.cache
def read_sql(alias):
    """The SELECT of ContentVersionManager.read, quoted for the database `alias`."""
    quote = connections[alias].ops.quote_name
    meta = ContentVersion._meta
    columns = (meta.get_field(name).column for name in ("version", "changed_at", "previous_change"))
    return "SELECT {} FROM {} WHERE {} = %s".format(
        ", ".join(quote(column) for column in columns),
        quote(meta.db_table),
        quote(meta.pk.column),
    )


class ContentVersion(models.Model):
    version = models.PositiveBigIntegerField("版本", default=0)
    changed_at = models.DateTimeField("最近变更时间", default=timezone.now)
    previous_change = models.DateTimeField("上次变更时间", null=True, blank=True)

    objects = ContentVersionManager()

    class Meta:
        verbose_name = "页面缓存版本"
        verbose_name_plural = "页面缓存版本"

    def __str__(self):
        return str(self.version)
