"""
The record of review (先审后发, 三级审核) and the pending changes to published objects.

ReviewStep is who did what when (submit, check, approve, publish, reject, withdraw, discard) on
an item or a publication, with the comment; Revision holds a proposed change to a published
object while the public keeps seeing the published version, until the change goes through the
same three review steps and is applied (review.workflow). Both point to their object through a
content type and an id, so one history serves every reviewed model, and carry their object's
unit (set on save from the object), so the admin, the to-do page and the record are narrowed to
a user's units by one indexed column instead of a join per reviewed model.
"""

import copy

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reviewable.revisions import (
    Change,
    display,
    python_value,
    reviewed_fields,
    same_value,
    snapshot,
)
from reviewable.steps import APPROVED, CHECKED, DRAFT, PUBLISHED, SUBMITTED, Action, Status
from units.access import unit_id_of
from versions.models import VersionedModel


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

    `data` holds the proposed value of every reviewed field (reviewable.revisions),
    foreign keys and M2M links as pks. `base_version` is the live row's version (versions)
    when the revision was started: a revision whose base is outdated is refused when it would be
    applied, so it never silently undoes a change made meanwhile. The revision has a version of
    its own, so two saves of one draft revision cannot both win either.
    """

    class State(models.TextChoices):
        # The review's own states (reviewable.steps), then what becomes of a revision.
        DRAFT = DRAFT, Status.DRAFT.label
        SUBMITTED = SUBMITTED, Status.SUBMITTED.label
        CHECKED = CHECKED, Status.CHECKED.label
        APPROVED = APPROVED, Status.APPROVED.label
        APPLIED = "applied", Status.PUBLISHED.label
        DISCARDED = "discarded", "已作废"

    OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.CHECKED, State.APPROVED)

    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="审核对象所属的发布单位，保存时按对象填写。",
    )
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
    unit_path = "unit"  # its object's unit (units.access)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "修改稿"
        verbose_name_plural = "修改稿"
        constraints = [
            # One pending change per object: a second would be reviewed against the wrong base.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=[DRAFT, SUBMITTED, CHECKED, APPROVED]),
                name="review_one_open_revision",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self):
        return f"修改稿 #{self.pk}（{self.get_state_display()}）"

    def save(self, *args, **kwargs):
        set_unit_from_target(self)
        super().save(*args, **kwargs)

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
                setattr(obj, field.attname, python_value(field, self.data[field.name]))
        return obj

    def form_initial(self, model):
        """The proposed values as a model form's initial data (M2M as lists of pks)."""
        initial = {}
        for field in self.fields(model):
            value = self.data[field.name]
            initial[field.name] = list(value) if field.many_to_many else python_value(field, value)
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
                    display(field, before),
                    display(field, after),
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
                setattr(live, field.attname, python_value(field, value))
        live.full_clean()
        live.save()
        for field, related in links.items():
            getattr(live, field.name).set(related)


class ReviewStep(models.Model):
    """One act of review: who did what to which object (or its revision), when, and why."""

    Action = Action

    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="审核对象所属的发布单位，保存时按对象填写。",
    )
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

    unit_path = "unit"  # its object's unit (units.access)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.actor_name} {self.get_action_display()}（{self.at:%Y-%m-%d %H:%M}）"

    def save(self, *args, **kwargs):
        set_unit_from_target(self)
        super().save(*args, **kwargs)

    @property
    def from_label(self):
        return STATE_LABELS.get(self.from_state, self.from_state)

    @property
    def to_label(self):
        return STATE_LABELS.get(self.to_state, self.to_state)


def set_unit_from_target(record):
    """Give a revision or a step its object's unit, unless the caller gave it already."""
    if record.unit_id is None and record.object_id is not None:
        target = record.target
        if target is not None and hasattr(type(target), "unit_path"):
            record.unit_id = unit_id_of(target)


# Every state an object or a revision can be in, by its Chinese label.
STATE_LABELS = {**dict(Revision.State.choices), PUBLISHED: Status.PUBLISHED.label}
