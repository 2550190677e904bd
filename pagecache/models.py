"""
The content versions: one row per unit whose value changes with every change its pages show,
and one platform row that changes with every change of any unit.

A change is bumped by UPDATEs in the transaction of the change itself (pagecache.receivers), so a
reader sees the new number exactly when it can see the change, whatever the shared cache was
doing at the time; every public request reads its unit's row (one small query, joined with the
unit it names) before looking for a page. A save in one unit changes that unit's row and the
platform row, never another unit's, so the other units' cached pages stay hits.

Every bump takes the platform row first. It is the one lock all writers queue on (as the single
version row did before units), so two transactions that change several units' rows in different
orders can never deadlock on them.
"""

import functools
import secrets
from typing import NamedTuple

from django.db import connections, models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from units.models import Unit


class Version(NamedTuple):
    """A unit's version as a key of generated files (sitewide.generated): the unit is part of it."""

    unit: int
    version: int | None


class ContentVersionManager(models.Manager):
    def bump(self, unit_id=None, using=None):
        """
        Give the unit's row and the platform row new values, in the caller's transaction.

        `unit_id` None means a change every unit's pages may show (a channel, a unit's identity,
        a bulk write that does not say whose): every row is bumped. A random value rather than
        the next number: a rolled-back change (or a restored backup) would hand the same number
        out again, and pages cached under it would come back.
        """
        rows = self.db_manager(using)
        now, version = timezone.now(), secrets.randbits(63)
        new = {"version": version, "previous_change": F("changed_at"), "changed_at": now}
        # The platform row first: the lock every writer takes before any unit's row.
        if not rows.filter(unit__isnull=True).update(**new):
            rows.get_or_create(unit=None, defaults={"version": version, "changed_at": now})
        if unit_id is None:
            rows.filter(unit__isnull=False).update(**new)
            missing = Unit.objects.using(rows.db).exclude(
                pk__in=rows.filter(unit__isnull=False).values("unit")
            )
            rows.bulk_create(
                self.model(unit_id=pk, version=version, changed_at=now)
                for pk in missing.values_list("pk", flat=True)
            )
        elif not rows.filter(unit_id=unit_id).update(**new):
            rows.get_or_create(unit_id=unit_id, defaults={"version": version, "changed_at": now})

    def for_request(self, slug):
        """
        Return (unit id, its version, the platform version) of the unit a request names, in ONE
        query, or None when no unit has that slug ("" names the first unit, the lowest id).

        Every public request asks, so this is one plain SELECT on Django's cursor, built once per
        database: compiling a queryset cost more than running it. A version is None while its
        row is missing (a unit made by a bulk write): such a unit's pages are served uncached
        until its first change makes the row.
        """
        with connections[self.db].cursor() as cursor:
            if slug:
                cursor.execute(request_sql(self.db, by_slug=True), [slug])
            else:
                cursor.execute(request_sql(self.db, by_slug=False))
            return cursor.fetchone()

    def current(self, unit_id=None):
        """Return the version of the unit (of the platform for None), or None without its row."""
        rows = self.filter(unit__isnull=True) if unit_id is None else self.filter(unit_id=unit_id)
        return rows.values_list("version", flat=True).first()

    def key(self, unit_id):
        """The unit's current version as the key of a generated file built from its content."""
        return Version(unit_id, self.current(unit_id))

    def is_current(self, key):
        """Whether `key` (a Version, or a platform version) is still current: a file may be kept."""
        if isinstance(key, Version):
            return key.version is not None and self.current(key.unit) == key.version
        return key is not None and self.current() == key

    def state(self, unit_id=None):
        """Return (version, last change, the change before) of the unit, or None without the row."""
        rows = self.filter(unit__isnull=True) if unit_id is None else self.filter(unit_id=unit_id)
        return rows.values_list("version", "changed_at", "previous_change").first()


@functools.cache
def request_sql(alias, *, by_slug):
    """The SELECT of ContentVersionManager.for_request, quoted for the database `alias`."""
    quote = connections[alias].ops.quote_name
    units, versions = Unit._meta, ContentVersion._meta
    unit_id = quote(units.pk.column)
    version = quote(versions.get_field("version").column)
    version_unit = quote(versions.get_field("unit").column)
    where = (
        f"u.{quote(units.get_field('slug').column)} = %s"
        if by_slug
        else f"u.{unit_id} = (SELECT MIN({unit_id}) FROM {quote(units.db_table)})"
    )
    return (
        f"SELECT u.{unit_id}, v.{version}, p.{version}"
        f" FROM {quote(units.db_table)} u"
        f" LEFT JOIN {quote(versions.db_table)} v ON v.{version_unit} = u.{unit_id}"
        f" LEFT JOIN {quote(versions.db_table)} p ON p.{version_unit} IS NULL"
        f" WHERE {where}"
    )


class ContentVersion(models.Model):
    unit = models.ForeignKey(
        Unit,
        verbose_name="发布单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="空：平台（每次变更都更新）。",
    )
    version = models.PositiveBigIntegerField("版本", default=0)
    changed_at = models.DateTimeField("最近变更时间", default=timezone.now)
    previous_change = models.DateTimeField("上次变更时间", null=True, blank=True)

    objects = ContentVersionManager()

    class Meta:
        verbose_name = "页面缓存版本"
        verbose_name_plural = "页面缓存版本"
        constraints = [
            # One row per unit and one platform row (unit NULL, which a plain UNIQUE allows twice).
            models.UniqueConstraint(
                Coalesce("unit", Value(0)), name="pagecache_one_version_per_unit"
            ),
        ]

    def __str__(self):
        return str(self.version)
