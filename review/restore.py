"""
Restoring an old version (以此版本为修订稿) without bypassing the review.

simple-history's own revert writes the old values on the live row at once; it is turned off
(SIMPLE_HISTORY_REVERT_DISABLED). Instead:

- a published object gets a Revision (review.models) holding the old version's values, which
  goes submit → check → approve → publish like any other change, while the public keeps seeing
  the published version;
- a draft is not public, so the old values are written on it at once (as a clerk's edit of the
  draft would be); it is reviewed when it is submitted;
- an object under review (submitted, checked, approved) is not changed until the review ends;
- a model without a review status (a column) is changed at once, as its admin edits are.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from history.records import link_models
from review import workflow
from review.models import Revision
from review.workflow import ReviewRefused
from reviewable.revisions import same_value, snapshot
from reviewable.steps import DRAFT, PUBLISHED


@dataclass(frozen=True)
class Restored:
    """What a restore did: a revision to review, or the values written on the row."""

    obj: object
    revision: Revision | None
    message: str


def version_label(record):
    return timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M")


def version_data(record):
    """A historical record's values as reviewable.revisions.snapshot data, links from its own copy."""
    model = record.instance_type
    m2m = {}
    for field, m2m_model in link_models(model):
        target = m2m_model._meta.get_field(get_m2m_reverse_field_name(field)).attname
        m2m[field.name] = list(
            m2m_model.objects.filter(history=record).values_list(target, flat=True)
        )
    return snapshot(record.instance, m2m=m2m)


def restore(user, record):
    """
    Make the version `record` (a historical record) the object's next version.

    Raises ReviewRefused with a Chinese message when the user may not change the object, when
    it is under review or deleted, or when the version is what the object already holds.
    """
    model = record.instance_type
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise ReviewRefused(f"您没有修改“{opts.verbose_name}”的权限，不能恢复旧版本。")
    when = version_label(record)
    data = version_data(record)
    reviewed = any(field.name == "status" for field in opts.concrete_fields)
    with transaction.atomic():
        live = model._base_manager.select_for_update().filter(pk=record.instance.pk).first()
        if live is None:
            raise ReviewRefused(f"该{opts.verbose_name}已被删除，不能恢复旧版本。")
        if not workflow.may_act_on(user, live):
            raise ReviewRefused(f"您不能修改“{live}”。")
        if reviewed and live.status == PUBLISHED:
            if workflow.open_revision(live) is None and _same(data, snapshot(live)):
                raise ReviewRefused(f"{when} 的版本与当前已发布的内容相同，无需恢复。")
            revision = workflow.save_revision(user, live, data)
            return Restored(
                live,
                revision,
                f"已按 {when} 的版本生成修改稿 #{revision.pk}：公众仍看到现在已发布的内容；"
                "请提交审核，修改稿经审核、批准并发布后才会生效。",
            )
        if reviewed and live.status != DRAFT:
            state = workflow.review_state(live)
            raise ReviewRefused(
                f"“{live}”当前状态为“{state.label}”，审核期间不能恢复旧版本；请审核人员退回后再恢复。"
            )
        if _same(data, snapshot(live)):
            raise ReviewRefused(f"{when} 的版本与当前内容相同，无需恢复。")
        live._history_user = user
        live._change_reason = f"恢复为 {when} 的版本"
        try:
            Revision(data=data).apply_to(live)  # never saved: only its way of writing values
        except ValidationError as error:
            raise ReviewRefused(
                f"{when} 的版本不能恢复：{'；'.join(error.messages)}请直接修改。"
            ) from error
    note = "（草稿，尚未公开；提交审核并经批准后发布）" if reviewed else ""
    return Restored(live, None, f"已恢复为 {when} 的版本{note}。")


def _same(a, b):
    """Whether two snapshots hold the same values."""
    return a.keys() == b.keys() and all(same_value(a[key], b[key]) for key in a)
