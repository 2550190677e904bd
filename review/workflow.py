"""
先审后发, 三级审核: the transitions of an item or a publication, one function per step.

    draft ──submit──> submitted ──check──> checked ──approve──> approved ──publish──> published
      ^                   │                   │                     │                  │
      └──────reject (with a comment) ─────────┴─────────────────────┘                  │
      └──────withdraw ─────────────────────────────────────────────────────────────────┘

A published object is changed through a Revision (review.models): editing it saves the proposed
values in a revision, which goes through the same steps while the public keeps seeing the live
row; publishing the revision writes its values on the live row. While a published object has an
open revision, submit, check, approve, publish and reject act on the revision.

Every step checks the user's permission (`<app>.<step>_<model>`, e.g. catalogue.check_
disclosureitem) and may_act_on(user, obj), then the current state, with the object's row locked
(SELECT ... FOR UPDATE) so that two reviewers cannot both act; it records a ReviewStep and writes
the audit log in the same transaction. A refusal raises ReviewRefused with a Chinese message.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

import audit
from offices import rights
from privacy.guard import check_or_raise
from review.models import STATE_LABELS, ReviewStep, Revision
from reviewable.steps import (
    APPROVED,
    CHECKED,
    DRAFT,
    PUBLISHED,
    SUBMITTED,
    Action,
    audit_code,
    permission,
)
from units.access import unit_id_of
from versions.models import last_saved

ACTION_LABELS = dict(Action.choices)

# action -> (state it starts from, state it leads to)
FORWARD = {
    Action.SUBMIT: (DRAFT, SUBMITTED),
    Action.CHECK: (SUBMITTED, CHECKED),
    Action.APPROVE: (CHECKED, APPROVED),
    Action.PUBLISH: (APPROVED, PUBLISHED),
}
# A rejection is the right of whoever would take the next step.
REJECTED_BY = {SUBMITTED: Action.CHECK, CHECKED: Action.APPROVE, APPROVED: Action.PUBLISH}
# Who takes each step, for messages.
ROLE_OF = {
    Action.SUBMIT: "信息员",
    Action.CHECK: "公开办负责人",
    Action.APPROVE: "分管领导",
    Action.PUBLISH: "有发布权限的人员（公开办负责人或站点管理员）",
}
NEXT_STEP = {
    DRAFT: "需先由信息员提交审核",
    SUBMITTED: "下一步是公开办负责人审核",
    CHECKED: "下一步是分管领导批准",
    APPROVED: "下一步是发布",
    PUBLISHED: "公众可见；此后的修改将作为修改稿送审",
}


class ReviewRefused(Exception):
    """A review step that may not be taken now; the message is Chinese and safe to show."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def may_act_on(user, obj):
    """
    Whether `user` may act on `obj` at all, beside the step's permission.

    Per-office rights (offices.rights): a clerk acts only on what their office owns; the
    head, the leaders and the site administrators act on every office's objects.
    """
    return rights.may_change(user, obj)


def may_skip_review(user, model):
    """
    Whether `user` holds every review right on `model` (check, approve and publish).

    Only such a user (the site administrator) may publish without the steps, as the import's
    "导入后直接发布" does: nobody else can put content on the public pages on their own.
    """
    return all(
        user.has_perm(permission(model, action))
        for action in (Action.CHECK, Action.APPROVE, Action.PUBLISH)
    )


def open_revision(obj):
    """The pending revision of a published object, or None; remembered on the instance."""
    if obj.pk is None or obj.status != PUBLISHED:
        return None
    if not hasattr(obj, "_open_revision"):
        obj._open_revision = Revision.objects.for_object(obj).open().first()
    return obj._open_revision


def open_revisions(model, pks):
    """The pending revisions of many objects of `model`, as {object id: revision}: one query."""
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(pks)
    ).open()
    return {revision.object_id: revision for revision in revisions}


@dataclass(frozen=True)
class ReviewState:
    """Where an object stands: its own status and, if published, its pending revision's."""

    status: str
    revision: Revision | None

    @property
    def state(self):
        """The state the next step acts on."""
        return self.revision.state if self.revision else self.status

    @property
    def label(self):
        if self.revision is not None:
            return f"已发布（修改稿{self.revision.get_state_display()}）"
        return STATE_LABELS[self.status]


def review_state(obj):
    return ReviewState(obj.status, open_revision(obj))


def may_edit(user, obj):
    """
    Whether the object's form may be saved (the change permission aside).

    Drafts may be edited; a published object may be edited into a revision unless one is
    already under review or is someone else's draft; anything under review is read-only.
    """
    if obj.pk is None or obj.status == DRAFT:
        return True
    if obj.status != PUBLISHED:
        return False
    revision = open_revision(obj)
    return revision is None or (revision.state == DRAFT and revision.created_by_id == user.pk)


def available_actions(user, obj):
    """The steps `user` may take on `obj` now, in the order the panel shows their buttons."""
    if obj.pk is None or not may_act_on(user, obj):
        return []
    model = type(obj)
    current = review_state(obj)
    actions = []
    for action, (source, _) in FORWARD.items():
        if current.state != source or not user.has_perm(permission(model, action)):
            continue
        if obj.status == PUBLISHED and current.revision is None:
            continue  # nothing proposed: a published object has no step to take but withdraw
        actions.append(action)
    rejecter = REJECTED_BY.get(current.state)
    if rejecter and user.has_perm(permission(model, rejecter)):
        actions.append(Action.REJECT)
    if obj.status == PUBLISHED and user.has_perm(permission(model, Action.PUBLISH)):
        actions.append(Action.WITHDRAW)
    if current.revision is not None and _may_discard(user, obj, current.revision):
        actions.append(Action.DISCARD)
    return actions


# --- the steps ----------------------------------------------------------------------------


def submit(user, obj, comment="", *, request=None, version=None):
    """Draft (or draft revision) → submitted, after the privacy scan of what would be public."""
    return _forward(user, obj, Action.SUBMIT, comment, request, version)


def check(user, obj, comment="", *, request=None, version=None):
    """Submitted → checked, by the head of the disclosure office (公开办负责人)."""
    return _forward(user, obj, Action.CHECK, comment, request, version)


def approve(user, obj, comment="", *, request=None, version=None):
    """Checked → approved, by the leader in charge (分管领导): the last check."""
    return _forward(user, obj, Action.APPROVE, comment, request, version)


def publish(user, obj, comment="", *, request=None, version=None):
    """Approved → published; an approved revision is written on the live row instead."""
    return _forward(user, obj, Action.PUBLISH, comment, request, version)


def reject(user, obj, comment, *, request=None, version=None):
    """Back to draft from any of the three review steps, with the reason for the clerk."""
    comment = (comment or "").strip()
    with transaction.atomic():
        live, revision = _lock(obj, user, ACTION_LABELS[Action.REJECT], version)
        subject = revision or live
        state = _state(subject)
        rejecter = REJECTED_BY.get(state)
        if rejecter is None:
            raise ReviewRefused(
                f"{_describe(live, revision)}当前状态为“{STATE_LABELS[state]}”，"
                "不在审核中，没有可以退回的步骤。"
            )
        _check_right(user, live, rejecter, verb="退回")
        if not comment:
            raise ReviewRefused("退回时请填写退回意见，说明需要修改的地方，信息员会看到这条意见。")
        _set_state(subject, DRAFT)
        step = _record(user, live, Action.REJECT, state, DRAFT, comment, revision, request)
    _refresh(obj)
    return step


def withdraw(user, obj, comment="", *, request=None, version=None):
    """
    Published → draft: the object leaves the public pages at once.

    Needs the publish permission. A pending revision is discarded (its data stays in the
    record); the draft goes through the whole review again before it returns.
    """
    with transaction.atomic():
        live, revision = _lock(obj, user, ACTION_LABELS[Action.WITHDRAW], version)
        _check_right(user, live, Action.PUBLISH, verb="撤回")
        if live.status != PUBLISHED:
            raise ReviewRefused(
                f"“{live}”当前状态为“{STATE_LABELS[live.status]}”，尚未发布，无需撤回。"
            )
        if revision is not None:
            old = revision.state
            _set_state(revision, Revision.State.DISCARDED)
            note = "随已发布内容一并撤回。"
            _record(user, live, Action.DISCARD, old, revision.state, note, revision, request)
        _set_state(live, DRAFT)
        step = _record(user, live, Action.WITHDRAW, PUBLISHED, DRAFT, comment, None, request)
    _refresh(obj)
    return step


def discard(user, obj, comment="", *, request=None, version=None):
    """Give up the pending revision of a published object; the live row stays as it is."""
    with transaction.atomic():
        live, revision = _lock(obj, expected=version, verb=ACTION_LABELS[Action.DISCARD])
        if revision is None:
            raise ReviewRefused(f"“{live}”没有待审核的修改稿。")
        if not may_act_on(user, live) or not _may_discard(user, live, revision):
            raise ReviewRefused(
                "只有修改稿的作者（修改稿为草稿时）或有发布权限的人员可以作废修改稿。"
            )
        old = revision.state
        _set_state(revision, Revision.State.DISCARDED)
        step = _record(user, live, Action.DISCARD, old, revision.state, comment, revision, request)
    _refresh(obj)
    return step


STEPS = {
    Action.SUBMIT: submit,
    Action.CHECK: check,
    Action.APPROVE: approve,
    Action.PUBLISH: publish,
    Action.REJECT: reject,
    Action.WITHDRAW: withdraw,
    Action.DISCARD: discard,
}


def act(user, obj, action, comment="", *, request=None, version=None):
    """
    Take the step named `action` (a ReviewStep.Action value): what the admin's buttons call.

    `version` is the version_token of what the reviewer saw; the step is refused if the object
    or its revision changed since.
    """
    try:
        step = STEPS[action]
    except KeyError:
        raise ReviewRefused(f"未知的审核操作“{action}”。") from None
    return step(user, obj, comment, request=request, version=version)


def save_revision(user, obj, data):
    """
    Keep the proposed values `data` (review.models.snapshot) of a published object.

    Starts a revision, or updates the user's own draft revision; refused while the revision is
    under review or is someone else's. The base is the live row as it is now.
    """
    (revision,) = save_revisions(user, [(obj, data)])
    return revision


def save_revisions(user, proposals):
    """
    save_revision for many objects of one model at once, in a constant number of queries.

    `proposals` are (published object, data) pairs; the import turns every change it makes to a
    published item into one. Any refusal (ReviewRefused) leaves every revision unsaved. `user`
    None is the operator of a command, who acts on every office's objects.
    """
    if not proposals:
        return []
    model = type(proposals[0][0])
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        pks = [obj.pk for obj, _ in proposals]
        live_rows = model._base_manager.select_for_update().in_bulk(pks)
        unit_ids = _unit_ids(model, pks)
        open_revisions = {
            revision.object_id: revision
            for revision in Revision.objects.select_for_update().filter(
                content_type=content_type, object_id__in=pks, state__in=Revision.OPEN_STATES
            )
        }
        created, updated, revisions = [], [], []
        for obj, data in proposals:
            live = live_rows[obj.pk]
            if live.status != PUBLISHED:
                raise ReviewRefused(f"“{live}”未发布，直接修改即可，无需修改稿。")
            if user is not None and not may_act_on(user, live):
                raise ReviewRefused(f"您不能修改“{live}”。")
            revision = open_revisions.get(live.pk)
            if revision is None:
                revision = Revision(
                    content_type=content_type,
                    object_id=live.pk,
                    unit_id=unit_ids.get(live.pk),
                    data=data,
                    created_by=user,
                    base_updated_at=live.updated_at,
                    base_version=live.version,
                )
                created.append(revision)
            elif revision.state == DRAFT and revision.created_by_id == getattr(user, "pk", None):
                # Locked above: the version moves on as a save's would, so a form opened on the
                # old draft is refused as stale.
                revision.data = data
                revision.updated_at = timezone.now()
                revision.version += 1
                updated.append(revision)
            else:
                raise ReviewRefused(
                    f"“{live}”已有修改稿（{revision.get_state_display()}），"
                    "审核结束或退回之前不能再修改。"
                )
            revisions.append(revision)
        Revision.objects.bulk_create(created)
        Revision.objects.bulk_update(updated, ["data", "updated_at", "version"])
    for (obj, _), revision in zip(proposals, revisions, strict=True):
        obj._open_revision = revision
    return revisions


# --- inside the steps ---------------------------------------------------------------------


def _forward(user, obj, action, comment, request=None, version=None):
    source, target = FORWARD[action]
    with transaction.atomic():
        live, revision = _lock(obj, user, ACTION_LABELS[action], version)
        _check_right(user, live, action)
        subject = revision or live
        if live.status == PUBLISHED and revision is None:
            raise ReviewRefused(
                f"“{live}”已发布，没有待审核的修改稿。如需修改，请先修改并保存（生成修改稿），"
                "再提交审核。"
            )
        state = _state(subject)
        if state != source:
            raise ReviewRefused(
                f"{_describe(live, revision)}当前状态为“{STATE_LABELS[state]}”，"
                f"不能{ACTION_LABELS[action]}：{NEXT_STEP[state]}。"
            )
        if action == Action.SUBMIT:
            _check_content(live, revision.proposed(live) if revision else live)
        if revision is not None and action == Action.PUBLISH:
            _apply(revision, live)
            target = Revision.State.APPLIED
        _set_state(subject, target)
        step = _record(user, live, action, source, target, comment, revision, request)
    _refresh(obj)
    return step


def _lock(obj, user=None, reason="", expected=None, verb=None):
    """
    The object's row, locked until the transaction ends, and its open revision.

    A step's save of the row is recorded in its history (history.records) under the step's
    user and name, also where there is no request (commands, tests). With `expected` (a
    version_token), a step on an object changed since the reviewer's page was shown is refused.
    """
    model = type(obj)
    live = model._base_manager.select_for_update().get(pk=obj.pk)
    live._history_user = user
    live._change_reason = reason
    revision = None
    if live.status == PUBLISHED:
        revision = Revision.objects.for_object(live).open().select_for_update().first()
    if expected is not None and expected != _token(live, revision):
        raise ReviewRefused(
            f"{verb or reason}未执行：“{live}”在您打开页面之后已被他人修改或办理"
            f"{_changed_by(live, revision)}，请刷新页面，查看最新内容后再操作。"
        )
    return live, revision


def version_token(obj, lock=False):
    """
    The version a form or a review step is based on: the row's and its pending revision's.

    Read from the instance (and its remembered revision) for a page; from the database with the
    rows locked for a check (versions.forms.VersionedFormMixin); None if the row is gone.
    """
    if not lock:
        return _token(obj, open_revision(obj))
    live = type(obj)._base_manager.select_for_update().filter(pk=obj.pk).first()
    if live is None:
        return None
    revision = None
    if live.status == PUBLISHED:
        revision = Revision.objects.for_object(live).open().select_for_update().first()
    return _token(live, revision)


def _token(live, revision):
    return f"{live.version}/{revision.version if revision is not None else 0}"


def _changed_by(live, revision):
    """（时间由某人保存） of the newer version, the revision's if it is the newer one."""
    when, who = last_saved(live)
    if revision is not None and (not when or revision.updated_at > live.updated_at):
        when = timezone.localtime(revision.updated_at).strftime("%Y-%m-%d %H:%M:%S")
        who = _name(revision.created_by) if revision.created_by_id else ""
    if not (when or who):
        return ""
    return f"（{when}时" + (f"由{who}" if who else "") + "保存）"


def _state(subject):
    return subject.state if isinstance(subject, Revision) else subject.status


def _set_state(subject, state):
    if isinstance(subject, Revision):
        subject.state = state
        subject.save(update_fields=["state", "updated_at"])
    else:
        subject.status = state
        # Publication.save adds the 发布日期 and 索引号 it fills on first publish.
        subject.save(update_fields=["status", "updated_at"])


def _describe(live, revision):
    return f"“{live}”的修改稿" if revision is not None else f"“{live}”"


def _check_right(user, live, action, verb=None):
    verb = verb or ACTION_LABELS[action]
    if not user.has_perm(permission(type(live), action)):
        raise ReviewRefused(
            f"您没有{verb}“{type(live)._meta.verbose_name}”的权限：这一步由{ROLE_OF[action]}办理。"
        )
    if not may_act_on(user, live):
        raise ReviewRefused(f"您不能{verb}“{live}”。")


def _may_discard(user, obj, revision):
    if user.has_perm(permission(type(obj), Action.PUBLISH)):
        return True
    return revision.state == DRAFT and revision.created_by_id == user.pk


def _apply(revision, live):
    """Write an approved revision on the live row, unless the row changed since it was made."""
    if revision.is_outdated(live):
        made = timezone.localtime(revision.base_updated_at).strftime("%Y-%m-%d %H:%M:%S")
        changed = timezone.localtime(live.updated_at).strftime("%Y-%m-%d %H:%M:%S")
        raise ReviewRefused(
            f"“{live}”的修改稿基于 {made} 的版本，但已发布的内容在 {changed} 又被修改过，"
            "直接发布会覆盖那次修改，因此未发布。请作废此修改稿，在当前版本上重新修改并提交审核。"
        )
    live._change_reason = f"发布修改稿 #{revision.pk}"
    try:
        revision.apply_to(live)
    except ValidationError as error:
        raise ReviewRefused(
            f"“{live}”的修改稿不能发布：{'；'.join(error.messages)}请作废后重新修改。"
        ) from error


def _check_content(live, candidate):
    """What is submitted must keep the model's rules and pass the privacy scan."""
    try:
        candidate.full_clean()
    except ValidationError as error:
        raise ReviewRefused(
            f"“{live}”不能提交审核：{'；'.join(error.messages)}请修改后再提交。"
        ) from error
    _privacy_scan(candidate)


def _privacy_scan(obj):
    """
    The privacy guard (privacy.guard.check_or_raise) on what would become public: its refusal
    (a ValidationError with Chinese messages) refuses the submission.
    """
    try:
        check_or_raise(obj)
    except ValidationError as error:
        raise ReviewRefused(
            "提交审核前的个人信息检查未通过：" + "；".join(error.messages)
        ) from error


def _record(user, live, action, from_state, to_state, comment="", revision=None, request=None):
    """The one place a step is written down: the review record, then the audit log."""
    step = ReviewStep.objects.create(
        content_type=ContentType.objects.get_for_model(type(live)),
        object_id=live.pk,
        unit_id=unit_id_of(live),
        revision=revision,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=user,
        actor_name=_name(user),
        comment=comment or "",
    )
    _audit(request or user, step, live)
    return step


def _audit(request_or_user, step, live):
    """Every review step in the audit log (audit.record), in the step's transaction."""
    detail = f"{step.from_label} → {step.to_label}"
    if step.revision_id:
        detail += f"（修改稿 #{step.revision_id}）"
    if step.comment:
        detail += f"；意见：{step.comment}"
    audit.record(request_or_user, audit_code(step.action), obj=live, detail=detail)


def _unit_ids(model, pks):
    """{pk: unit id} of `model`'s rows `pks`, in one query whatever their number."""
    path = getattr(model, "unit_path", None)
    if path is None:
        return {}
    if path == "pk":
        return {pk: pk for pk in pks}
    return dict(model._base_manager.filter(pk__in=pks).values_list("pk", path))


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _refresh(obj):
    """Bring the caller's instance up to date with what the step wrote."""
    obj.__dict__.pop("_open_revision", None)
    obj.refresh_from_db()
