"""
Rows of every unit-owned model in a given unit, built from the models' own fields.

Every model that declares `unit_path` (units.access) gets a row in the unit, each text field
carrying a marker (乙镇机密…), so a walk can tell whether any of it reached a page. Required
relations are built in the same unit; nullable relations to unit-owned rows are filled too, so
an office's or a column's rule has something to follow. A new model is covered without anyone
adding it here; one the generic rules cannot build fails `build_every_model` with its reason.
"""

import datetime
import itertools

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone

import audit
from units.access import is_unit_owned, owned_by
from units.models import Unit

_seq = itertools.count(1)
FILE_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def unit_owned_models():
    return [model for model in apps.get_models() if is_unit_owned(model) and model is not Unit]


class Builder:
    """Builds rows in one unit, every text carrying `marker`."""

    def __init__(self, unit, marker):
        self.unit = unit
        self.marker = marker
        self.made = {}  # model -> the first row built (reused for required relations)
        self._user = None
        self._building = []

    def user(self):
        if self._user is None:
            n = next(_seq)
            self._user = get_user_model().objects.create_user(
                f"{self.marker}用户{n}", is_staff=True, first_name=f"{self.marker}姓名{n}"
            )
            self.unit.members.add(self._user)
        return self._user

    def row(self, model):
        """The unit's row of `model`, built once."""
        if model is Unit:
            return self.unit
        if model not in self.made:
            self.made[model] = self.build(model)
        return self.made[model]

    def build(self, model):
        from audit.models import AuditEntry
        from review.models import ReviewStep, Revision

        if model is AuditEntry:
            item = self.row(self._item_model())
            return audit.record(self.user(), "publish", obj=item, detail=f"{self.marker}审计")
        values = {}
        self._building.append(model)
        try:
            fields = {
                field.name: self.value(model, field)
                for field in model._meta.concrete_fields
                if not (field.primary_key or field.auto_created)
            }
        finally:
            self._building.pop()
        for name, value in fields.items():
            if value is not _SKIP:
                values[name] = value
        if model in (Revision, ReviewStep):
            item = self.row(self._item_model())
            values["content_type"] = ContentType.objects.get_for_model(type(item))
            values["object_id"] = item.pk
            values["unit"] = self.unit
        with transaction.atomic():
            return model._default_manager.create(**values)

    def _item_model(self):
        return apps.get_model("catalogue", "DisclosureItem")

    def value(self, model, field):
        n = next(_seq)
        if isinstance(field, models.ForeignKey):
            related = field.related_model
            if related is Unit:
                return self.unit if field.name == "unit" or not field.null else _SKIP
            if is_unit_owned(related):
                if related in self._building or related is model:
                    return _SKIP  # a parent of its own kind (a column's), left empty
                if field.one_to_one:
                    return self.build(related)  # a row of its own
                return self.row(related)
            if related is get_user_model():
                return self.user()
            if field.null or field.has_default():
                return _SKIP
            if related is ContentType:
                return _SKIP  # set with its object below
            return related._default_manager.first()
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return _SKIP
        if field.choices and not (field.has_default() or field.null):
            return field.choices[0][0]
        if _is_text(field) and not field.choices and (not field.blank or _unchecked(field)):
            # Every free text carries the marker, blank ones too: more for a walk to find.
            text = f"{self.marker}{n}"
            return text[: field.max_length] if field.max_length else text
        if field.has_default() or field.null:
            return _SKIP
        if isinstance(field, models.FileField):
            return ContentFile(FILE_BYTES, name=f"{self.marker}{n}.pdf")
        if isinstance(field, models.SlugField):
            return f"s{n}-x"[: field.max_length]
        if isinstance(field, models.EmailField):
            return f"u{n}@example.gov.cn"
        if isinstance(field, models.URLField):
            return f"https://example.gov.cn/{n}"
        if isinstance(field, models.GenericIPAddressField):
            return "192.0.2.1"
        if isinstance(field, models.DateTimeField):
            return timezone.now()
        if isinstance(field, models.DateField):
            return datetime.date.today()
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, (models.IntegerField, models.DecimalField)):
            return 2000 + n if field.name == "year" else n
        if isinstance(field, models.JSONField):
            return {}
        raise TypeError(f"{model._meta.label}.{field.name}: no test value for {type(field)}")


_SKIP = object()


def _is_text(field):
    plain = isinstance(field, (models.CharField, models.TextField))
    special = isinstance(field, (models.SlugField, models.EmailField, models.URLField))
    return plain and not special


def _unchecked(field):
    return not [v for v in field.validators if not isinstance(v, MaxLengthValidator)]


def build_every_model(unit, marker):
    """A row of every unit-owned model in `unit`; fails naming the models it could not build."""
    builder = Builder(unit, marker)
    problems = []
    for model in unit_owned_models():
        try:
            builder.row(model)
        except Exception as error:
            problems.append(f"{model._meta.label}: {error!r}")
    assert not problems, "cannot build a row of: " + "; ".join(problems)
    for model in unit_owned_models():
        rows = model._base_manager.filter(owned_by(model, [unit.pk]))
        assert rows.exists(), f"{model._meta.label} has no row in {unit}"
    return builder
