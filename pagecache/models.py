"""
The content version: one row whose value changes with every change public pages show.

It is bumped by an UPDATE in the transaction of the change itself (pagecache.receivers), so a
reader sees the new number exactly when it can see the change, whatever the shared cache was
doing at the time; every public request reads it (one small query) before looking for a page.
"""

import functools
import secrets

from django.db import connections, models
from django.db.models import F
from django.utils import timezone

ROW = 1


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

    def current(self):
        """
        Return the version, or None without the row: the only question of a cache hit.

        Every public request asks, so this is one plain SELECT of one column on Django's cursor,
        built once per database: compiling a queryset cost more than running it.
        """
        with connections[self.db].cursor() as cursor:
            cursor.execute(version_sql(self.db))
            row = cursor.fetchone()
        return None if row is None else row[0]

    def is_current(self, version):
        """Whether `version` is still the current one: a file built under it may be stored."""
        return version is not None and self.current() == version

    def state(self):
        """Return (version, last change, the change before), or None without the row."""
        return self.filter(pk=ROW).values_list("version", "changed_at", "previous_change").first()


@functools.cache
def version_sql(alias):
    """The SELECT of ContentVersionManager.current, quoted for the database `alias`."""
    quote = connections[alias].ops.quote_name
    meta = ContentVersion._meta
    return "SELECT {} FROM {} WHERE {} = {:d}".format(
        quote(meta.get_field("version").column), quote(meta.db_table), quote(meta.pk.column), ROW
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
