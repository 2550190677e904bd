"""
The to-do list of review: what waits for this user, by step.

    待提交审核  drafts and the user's own draft revisions, those sent back first with the reason
    待审核      submitted, for whoever may check (公开办负责人)
    待批准      checked, for whoever may approve (分管领导)
    待发布      approved, for whoever may publish

A user sees the sections their permissions allow, with the objects of their units only. The
queries do not grow with the rows: per
model one per section, plus one each for the open revisions, their objects and the last steps.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from review.models import ReviewStep, Revision
from review.workflow import Action, ReviewState, may_act_on
from reviewable.models import reviewable_models
from reviewable.steps import APPROVED, CHECKED, DRAFT, SUBMITTED, permission
from units import access

# (state, the step that acts on it, title, what it means)
SECTIONS = (
    (DRAFT, Action.SUBMIT, "待提交审核", "草稿和被退回的内容：修改后提交审核。被退回的排在前面。"),
    (SUBMITTED, Action.CHECK, "待审核", "信息员已提交，等待公开办负责人审核。"),
    (CHECKED, Action.APPROVE, "待批准", "公开办负责人已审核，等待分管领导批准。"),
    (APPROVED, Action.PUBLISH, "待发布", "分管领导已批准，等待发布。"),
)
# Rows per model and section; the rest are reached from the list page filtered by status.
LIMIT = 200


@dataclass
class Entry:
    obj: object
    kind: str
    url: str
    revision: Revision | None = None
    last_step: ReviewStep | None = None

    @property
    def state_label(self):
        return ReviewState(self.obj.status, self.revision).label

    @property
    def rejected(self):
        return self.last_step is not None and self.last_step.action == Action.REJECT

    @property
    def changed_at(self):
        return self.revision.updated_at if self.revision is not None else self.obj.updated_at


@dataclass
class Section:
    state: str
    title: str
    help: str
    entries: list = field(default_factory=list)
    # (model name, list URL filtered to this state) where more rows wait than are listed.
    more: list = field(default_factory=list)


def todo_for(user):
    """The sections this user may act on, each with its entries (possibly none)."""
    sections = []
    for state, action, title, help_text in SECTIONS:
        models = [m for m in reviewable_models() if user.has_perm(permission(m, action))]
        if models:
            sections.append((Section(state, title, help_text), models))
    by_state = {section.state: section for section, _ in sections}
    for model in reviewable_models():
        states = [section.state for section, models in sections if model in models]
        if states:
            _collect(user, model, states, by_state)
    result = []
    for section, _ in sections:
        section.entries.sort(key=lambda e: e.changed_at, reverse=True)
        section.entries.sort(key=lambda e: not e.rejected)
        result.append(section)
    return result


def _collect(user, model, states, by_state):
    opts = model._meta
    content_type = ContentType.objects.get_for_model(model)
    entries = []
    for state in states:
        waiting = access.scope(user, model._base_manager.filter(status=state))
        rows = list(waiting.order_by("-updated_at", "-pk")[: LIMIT + 1])
        if len(rows) > LIMIT:
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            by_state[state].more.append(
                (str(opts.verbose_name), f"{changelist}?status__exact={state}")
            )
        entries += [(state, _entry(obj, None)) for obj in rows[:LIMIT]]
    revisions = access.scope(
        user, Revision.objects.filter(content_type=content_type, state__in=states)
    )
    if DRAFT in states:
        # A draft revision is its author's to finish.
        revisions = revisions.filter(~Q(state=DRAFT) | Q(created_by=user))
    revisions = list(revisions.order_by("-updated_at")[:LIMIT])
    live = model._base_manager.in_bulk([revision.object_id for revision in revisions])
    for revision in revisions:
        obj = live.get(revision.object_id)
        if obj is not None:
            entries.append((revision.state, _entry(obj, revision)))
    entries = [(state, entry) for state, entry in entries if may_act_on(user, entry.obj)]
    last = {}
    steps = ReviewStep.objects.filter(
        content_type=content_type, object_id__in=[entry.obj.pk for _, entry in entries]
    ).order_by("at", "id")
    for step in steps:
        last[step.object_id] = step
    for state, entry in entries:
        entry.last_step = last.get(entry.obj.pk)
        by_state[state].entries.append(entry)


def _entry(obj, revision):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    return Entry(obj=obj, kind=str(opts.verbose_name), url=url, revision=revision)
