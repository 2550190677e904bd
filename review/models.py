"""
The record of review (先审后发, 三级审核) and the pending changes to published objects.

ReviewStep is who did what when (submit, check, approve, publish, reject, withdraw, discard) on
an item or a publication, with the comment; Revision holds a proposed change to a published
object while the public keeps seeing the published version, until the change goes through the
same three review steps and is applied (review.workflow). Both point to their object through a
content type and an id, so one history serves every reviewed model.
"""

import copy
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from review.versioning import VersionedModel

# The workflow's states: the values of DisclosureItem.Status and Publication.Status.
DRAFT = "draft"
SUBMITTED = "submitted"
CHECKED = "checked"
APPROVED = "approved"
PUBLISHED = "published"

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


def _python(field, value):
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


class RevisionQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )

    def open(self):
        return self.filter(state__in=Revision.OPEN_STATES)


class Revision(VersionedModel):
    """
    A proposed change to a published item or publication, reviewed before it goes live.

    `data` holds the proposed value of every reviewed field (review.models.reviewed_fields),
    foreign keys and M2M links as pks. `base_version` is the live row's version (review.versioning)
    when the revision was started: a revision whose base is outdated is refused when it would be
    applied, so it never silently undoes a change made meanwhile. The revision has a version of
    its own, so two saves of one draft revision cannot both win either.
    """

    class State(models.TextChoices):
        DRAFT = DRAFT, "草稿"
        SUBMITTED = SUBMITTED, "待审核"
        CHECKED = CHECKED, "已审核"
        APPROVED = APPROVED, "已批准"
        APPLIED = "applied", "已发布"
        DISCARDED = "discarded", "已作废"

    OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.CHECKED, State.APPROVED)

    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    data = models.JSONField("拟修改的内容", encoder=DjangoJSONEncoder)
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    base_updated_at = models.DateTimeField("所依据版本的更新时间")
    base_version = models.PositiveIntegerField("所依据的版本号", default=0)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "修改稿"
        verbose_name_plural = "修改稿"
        constraints = [
            # One pending change per object: a second would be reviewed against the wrong base.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["draft", "submitted", "checked", "approved"]),
                name="review_one_open_revision",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self):
        return f"修改稿 #{self.pk}（{self.get_state_display()}）"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES

    def fields(self, model):
        """The model's reviewed fields that this revision carries a value for."""
        return [field for field in reviewed_fields(model) if field.name in self.data]

    def proposed(self, live):
        """
        A copy of the live object with the proposed values of its plain fields, never saved.

        What the privacy scan reads on submit; M2M links stay in `data`.
        """
        obj = copy.copy(live)
        obj._state = copy.copy(live._state)
        obj._state.fields_cache = {}
        obj._prefetched_objects_cache = {}
        for field in self.fields(type(live)):
            if not field.many_to_many:
                setattr(obj, field.attname, _python(field, self.data[field.name]))
        return obj

    def form_initial(self, model):
        """The proposed values as a model form's initial data (M2M as lists of pks)."""
        initial = {}
        for field in self.fields(model):
            value = self.data[field.name]
            initial[field.name] = list(value) if field.many_to_many else _python(field, value)
        return initial

    def is_outdated(self, live):
        return live.version != self.base_version

    def changes(self, live):
        """What the revision would change, field by field, as the reviewer reads it."""
        current = snapshot(live)
        changes = []
        for field in self.fields(type(live)):
            before, after = current.get(field.name), self.data[field.name]
            if same_value(before, after):
                continue
            changes.append(
                Change(
                    field.name,
                    str(field.verbose_name),
                    _display(field, before),
                    _display(field, after),
                )
            )
        return changes

    def apply_to(self, live):
        """
        Write the proposed values on the live row and its M2M links (the caller's transaction).

        Links to rows deleted since the revision was made are left out; the model's own rules
        (full_clean) are checked first and raise ValidationError.
        """
        model = type(live)
        links = {}
        for field in self.fields(model):
            value = self.data[field.name]
            if field.many_to_many:
                links[field] = list(field.related_model._base_manager.filter(pk__in=value))
            else:
                setattr(live, field.attname, _python(field, value))
        live.full_clean()
        live.save()
        for field, related in links.items():
            getattr(live, field.name).set(related)


def same_value(before, after):
    """Whether two stored values are equal; M2M pk lists in any order."""
    if isinstance(before, list) and isinstance(after, list):
        return sorted(before) == sorted(after)
    return before == after


def _display(field, value):
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


class ReviewStep(models.Model):
    """One act of review: who did what to which object (or its revision), when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        CHECK = "check", "审核通过"
        APPROVE = "approve", "批准"
        PUBLISH = "publish", "发布"
        REJECT = "reject", "退回"
        WITHDRAW = "withdraw", "撤回"
        DISCARD = "discard", "作废修改稿"

    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    revision = models.ForeignKey(
        Revision,
        verbose_name="修改稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
    )
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept with the step, so the record still names the person after the account is gone.
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.actor_name} {self.get_action_display()}（{self.at:%Y-%m-%d %H:%M}）"

    @property
    def from_label(self):
        return STATE_LABELS.get(self.from_state, self.from_state)

    @property
    def to_label(self):
        return STATE_LABELS.get(self.to_state, self.to_state)


# Every state an object or a revision can be in, by its Chinese label.
STATE_LABELS = {**dict(Revision.State.choices), PUBLISHED: "已发布"}
