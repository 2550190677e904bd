"""
The states of the review (先审后发, 三级审核) and its steps, declared once for every reviewable type.

    draft ──submit──> submitted ──check──> checked ──approve──> approved ──publish──> published

The four forward steps are each a permission of its own on every reviewable model
(`<app>.<step>_<model>`, review_permissions); reject, withdraw and discard need the right of
the step they undo. The audit log records each step under the step's label (audit_actions).
"""

from django.db import models


class Status(models.TextChoices):
    """Where a reviewable object stands: a clerk's draft is checked, approved, then published."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    CHECKED = "checked", "已审核"
    APPROVED = "approved", "已批准"
    PUBLISHED = "published", "已发布"


DRAFT = Status.DRAFT.value
SUBMITTED = Status.SUBMITTED.value
CHECKED = Status.CHECKED.value
APPROVED = Status.APPROVED.value
PUBLISHED = Status.PUBLISHED.value


class Action(models.TextChoices):
    """A step of the review, as ReviewStep records it and the audit log labels it."""

    SUBMIT = "submit", "提交审核"
    CHECK = "check", "审核通过"
    APPROVE = "approve", "批准"
    PUBLISH = "publish", "发布"
    REJECT = "reject", "退回"
    WITHDRAW = "withdraw", "撤回"
    DISCARD = "discard", "作废修改稿"


# The steps that are permissions, each with the wording of its permission's name.
PERMISSION_STEPS = {
    Action.SUBMIT: "可以提交{name}审核",
    Action.CHECK: "可以审核{name}",
    Action.APPROVE: "可以批准{name}",
    Action.PUBLISH: "可以发布或撤回{name}",
}

# Audit log codes that differ from the step's own value (kept as the log has always stored them).
_AUDIT_CODES = {Action.WITHDRAW: "unpublish", Action.DISCARD: "discard_revision"}


def review_permissions(model_name, name):
    """Return the Meta.permissions of a reviewable model: one per step, e.g. check_publication."""
    return [
        (f"{step.value}_{model_name}", label.format(name=name))
        for step, label in PERMISSION_STEPS.items()
    ]


def permission(model, action):
    """Return the permission of a step on a model, e.g. "publications.approve_publication"."""
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def audit_code(action):
    """Return the audit log's code for a review step."""
    return _AUDIT_CODES.get(action, Action(action).value)


def audit_actions():
    """Return (audit code, label) of every review step."""
    return [(audit_code(action), action.label) for action in Action]
