"""
Optimistic locking: every editable row carries a version, and a save based on an outdated
version is refused instead of silently undoing someone else's change.

VersionedModel.save claims the next version with one conditional UPDATE (`... SET version =
n + 1 WHERE pk = … AND version = n`) before writing the row, in the same transaction: of two
saves based on version n exactly one claims it, on PostgreSQL (the row lock makes the second
UPDATE wait and then match nothing) and on SQLite (one writer at a time) alike. The loser gets
StaleVersion, raised outside any atomic block it opened, so the caller's transaction stays usable.

Forms carry the version they were opened at (versions.forms, a hidden field); the admin
(versions.admin) checks it with the row locked (SELECT … FOR UPDATE) while validating, so a
stale submit is shown again with what was typed and a message saying who saved the newer
version and when.
"""

import hashlib

from django.db import models, router, transaction
from django.utils import timezone

FIELD = "version"


class StaleVersion(Exception):
    """A save based on an outdated version (or on a row deleted meanwhile)."""

    def __init__(self, obj):
        super().__init__(stale_message(obj, form=False))
        self.obj = obj
        self.message = str(self)


class VersionedModel(models.Model):
    """A model whose saves are refused when based on an outdated version (see module doc)."""

    version = models.PositiveIntegerField("版本号", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        expected = self.version
        with transaction.atomic(using=using, savepoint=False):
            claimed = claim(type(self), self.pk, expected, using=using)
            if claimed:
                self.version = expected + 1
                try:
                    super().save(*args, **kwargs)
                except BaseException:
                    self.version = expected
                    raise
        if not claimed:
            raise StaleVersion(self)


def claim(model, pk, expected, *, using=None):
    """Bump the row's version from `expected`; whether it was still `expected` (1 or 0 rows)."""
    rows = model._base_manager.using(using).filter(pk=pk, version=expected)
    return rows.update(version=models.F(FIELD) + 1) == 1


def locked_version(model, pk):
    """The row's stored version, its row locked until the transaction ends; None if deleted."""
    rows = model._base_manager.select_for_update().filter(pk=pk)
    return rows.values_list(FIELD, flat=True).first()


def row_digest(obj):
    """
    A digest of the row's stored values and links: the version of a model without a column.

    For models the portal cannot add a column to (django.contrib.auth's, django-otp's); read
    with the row locked (locked_row_digest) it is as race-free in a form as a version column.
    """
    digest = hashlib.sha256()
    for field in type(obj)._meta.concrete_fields:
        digest.update(f"{field.attname}={field.value_from_object(obj)!r}\n".encode())
    if obj.pk is not None:
        for field in type(obj)._meta.many_to_many:
            pks = sorted(getattr(obj, field.name).values_list("pk", flat=True))
            digest.update(f"{field.name}={pks}\n".encode())
    return digest.hexdigest()


def locked_row_digest(obj):
    """row_digest of the stored row, locked until the transaction ends; None if deleted."""
    stored = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
    return None if stored is None else row_digest(stored)


def version_digest(rows):
    """A digest of (pk, version) of `rows`: any save, addition or deletion changes it."""
    digest = hashlib.sha256()
    for pk, version in sorted((row.pk, row.version) for row in rows):
        digest.update(f"{pk} {version}\n".encode())
    return digest.hexdigest()


# --- who saved the newer version ------------------------------------------------------------


def last_saved(obj):
    """(when, who) of the row's latest saved version, as Chinese text; either may be ""."""
    model = type(obj)
    when = who = ""
    manager_name = getattr(model._meta, "simple_history_manager_attribute", None)
    record = None
    if manager_name and obj.pk is not None:
        history = getattr(model, manager_name).model._default_manager
        record = (
            history.filter(**{model._meta.pk.attname: obj.pk})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
    if record is not None:
        when = _stamp(record.history_date)
        who = _name(record.history_user)
    else:
        stored = model._base_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
        stamp = getattr(stored, "updated_at", None)
        when = _stamp(stamp) if stamp else ""
    return when, who


def stale_message(obj, *, form=True):
    """Why a save was refused, naming who saved the newer version and when, if known."""
    exists = obj.pk is not None and type(obj)._base_manager.filter(pk=obj.pk).exists()
    if not exists:
        return "保存失败：该记录已被他人删除，本次修改未保存。"
    when, who = last_saved(obj)
    detail = ""
    if when or who:
        detail = f"（{when}时" if when else "（"
        detail += f"由{who}保存）" if who else "保存）"
    text = f"保存失败：该记录已被他人修改{detail}，请刷新后重新修改。"
    if form:
        text += "您填写的内容仍保留在下方。"
    return text


def _stamp(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
