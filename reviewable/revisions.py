"""
The values a revision carries: which fields of a reviewable object are reviewed, and how they
are stored (snapshot), compared (same_value) and shown to a reviewer (display, Change).

A published object is changed through a revision (review.models.Revision) that holds the
proposed value of every reviewed field; history (history.records) compares versions on the same
fields, so the two never disagree on what a change is.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

# Fields a revision never carries: the workflow owns the status, the database the rest.
NOT_REVIEWED = {"status"}
EMPTY = "（空）"


def reviewed_fields(model):
    """The fields a revision proposes values for: every editable field but the status, M2M too."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NOT_REVIEWED
    ]
    fields += [field for field in model._meta.many_to_many if field.editable]
    return fields


def snapshot(obj, m2m=None):
    """
    The values of `obj`'s reviewed fields as JSON-ready data: foreign keys and M2M as pks.

    `m2m` maps an M2M field name to the objects (or pks) to record instead of the stored links,
    for a form whose M2M values are not saved.
    """
    m2m = m2m or {}
    data = {}
    for field in reviewed_fields(type(obj)):
        if field.many_to_many:
            if field.name in m2m:
                values = m2m[field.name]
            else:
                values = getattr(obj, field.name).all() if obj.pk else []
            data[field.name] = sorted(getattr(value, "pk", value) for value in values)
        else:
            data[field.name] = field.value_from_object(obj)
    # Through the JSON encoder and back: dates become ISO strings, as they are stored.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def python_value(field, value):
    """A stored JSON value back as the field's Python value."""
    if value is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(value)
    return field.to_python(value)


@dataclass(frozen=True)
class Change:
    """One field of a pending revision: its label, the live value and the proposed one."""

    name: str
    label: str
    current: str
    proposed: str


def same_value(before, after):
    """Whether two stored values are equal; M2M pk lists in any order."""
    if isinstance(before, list) and isinstance(after, list):
        return sorted(before) == sorted(after)
    return before == after


def display(field, value):
    """A stored value as Chinese text: choices by label, relations by name, 是/否."""
    if value is None or value == "" or value == []:
        return EMPTY
    if field.many_to_many:
        names = [str(row) for row in field.related_model._base_manager.filter(pk__in=value)]
        return "、".join(names) or EMPTY
    if field.is_relation:
        row = field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else f"（已删除：{value}）"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "是" if value else "否"
    return str(value)
