"""
The review steps as functions (review.workflow): every path, the right and the wrong person.

draft → submitted (信息员) → checked (公开办负责人) → approved (分管领导) → published (发布权限);
退回 from each review step with a required comment; 撤回; revisions of published objects.
"""

import threading
import time

import pytest
from django.apps import apps
from django.db import connection, connections, transaction

from catalogue.models import DisclosureItem
from publications.models import Publication
from review import workflow
from review.models import ReviewStep, Revision, snapshot
from review.workflow import ReviewRefused
from tests.factories import make_channels, make_column, make_item, make_publication

pytestmark = pytest.mark.django_db

Status = DisclosureItem.Status


def draft_item(**kwargs):
    return make_item(status=Status.DRAFT, **kwargs)


def draft_publication(**kwargs):
    return make_publication(status=Publication.Status.DRAFT, **kwargs)


def walk_to(obj, people, state):
    """Take `obj` (or its revision) from draft up to `state`, the right person at each step."""
    steps = [
        (workflow.submit, people.clerk),
        (workflow.check, people.head),
        (workflow.approve, people.leader),
        (workflow.publish, people.head),
    ]
    for step, user in steps:
        if workflow.review_state(obj).state == state:
            break
        step(user, obj)
    return obj


@pytest.mark.parametrize("factory", [draft_item, draft_publication])
def test_every_step_in_order_publishes_and_is_recorded(people, factory):
    obj = factory()
    model = type(obj)
    assert not model.objects.published().filter(pk=obj.pk).exists()

    workflow.submit(people.clerk, obj, "请审核")
    assert obj.status == "submitted"
    workflow.check(people.head, obj, "内容无误")
    assert obj.status == "checked"
    workflow.approve(people.leader, obj)
    assert obj.status == "approved"
    assert not model.objects.published().filter(pk=obj.pk).exists()
    workflow.publish(people.head, obj)
    assert obj.status == "published"
    assert model.objects.published().filter(pk=obj.pk).exists()

    steps = ReviewStep.objects.filter(object_id=obj.pk).order_by("at", "id")
    assert [(s.action, s.actor, s.from_state, s.to_state) for s in steps] == [
        ("submit", people.clerk, "draft", "submitted"),
        ("check", people.head, "submitted", "checked"),
        ("approve", people.leader, "checked", "approved"),
        ("publish", people.head, "approved", "published"),
    ]
    assert steps[0].comment == "请审核"
    assert steps[1].comment == "内容无误"
    assert steps[0].actor_name == "信息员"


def test_a_publication_gets_its_index_number_only_when_published(people):
    publication = draft_publication()
    walk_to(publication, people, "approved")
    assert publication.index_number == ""
    workflow.publish(people.head, publication)
    assert publication.index_number
    assert publication.published_on is not None


@pytest.mark.parametrize(
    ("state", "step", "who", "message"),
    [
        ("draft", workflow.check, "clerk", "您没有审核通过"),
        ("submitted", workflow.check, "clerk", "这一步由公开办负责人办理"),
        ("checked", workflow.approve, "head", "这一步由分管领导办理"),
        ("approved", workflow.publish, "leader", "您没有发布"),
        ("submitted", workflow.approve, "clerk", "您没有批准"),
        ("draft", workflow.submit, "leader", "您没有提交审核"),
        ("draft", workflow.submit, "head", "您没有提交审核"),
    ],
)
def test_the_wrong_person_is_refused(people, state, step, who, message):
    item = walk_to(draft_item(), people, state)
    with pytest.raises(ReviewRefused) as refusal:
        step(getattr(people, who), item)
    assert message in refusal.value.message
    item.refresh_from_db()
    assert item.status == state
    assert ReviewStep.objects.filter(object_id=item.pk).count() == [
        "draft",
        "submitted",
        "checked",
        "approved",
    ].index(state)


@pytest.mark.parametrize(
    ("state", "step", "who"),
    [
        ("draft", workflow.approve, "leader"),
        ("draft", workflow.publish, "head"),
        ("submitted", workflow.publish, "head"),
        ("submitted", workflow.approve, "leader"),
        ("checked", workflow.check, "head"),
        ("approved", workflow.approve, "leader"),
        ("submitted", workflow.submit, "clerk"),
    ],
)
def test_a_wrong_step_is_refused_naming_the_current_state(people, state, step, who):
    item = walk_to(draft_item(), people, state)
    label = Status(state).label
    with pytest.raises(ReviewRefused) as refusal:
        step(getattr(people, who), item)
    assert f"当前状态为“{label}”" in refusal.value.message
    item.refresh_from_db()
    assert item.status == state


def test_the_site_administrator_may_take_every_step(people):
    item = draft_item()
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(people.admin, item)
    assert item.status == "published"


@pytest.mark.parametrize(
    ("state", "who"), [("submitted", "head"), ("checked", "leader"), ("approved", "head")]
)
def test_rejection_needs_a_comment_and_sends_back_to_draft(people, state, who):
    item = walk_to(draft_item(), people, state)
    reviewer = getattr(people, who)
    for empty in ("", "   "):
        with pytest.raises(ReviewRefused) as refusal:
            workflow.reject(reviewer, item, empty)
        assert "请填写退回意见" in refusal.value.message
        item.refresh_from_db()
        assert item.status == state

    step = workflow.reject(reviewer, item, "公开依据缺少文号，请补充。")
    assert item.status == "draft"
    assert (step.action, step.from_state, step.to_state) == ("reject", state, "draft")
    assert step.comment == "公开依据缺少文号，请补充。"
    # Back in the clerk's hands: edited and submitted again.
    workflow.submit(people.clerk, item)
    assert item.status == "submitted"


@pytest.mark.parametrize(
    ("state", "who"),
    [("submitted", "clerk"), ("submitted", "leader"), ("checked", "head"), ("approved", "leader")],
)
def test_only_the_next_reviewer_may_reject(people, state, who):
    item = walk_to(draft_item(), people, state)
    with pytest.raises(ReviewRefused) as refusal:
        workflow.reject(getattr(people, who), item, "不同意")
    assert "您没有退回" in refusal.value.message
    item.refresh_from_db()
    assert item.status == state


@pytest.mark.parametrize("state", ["draft", "published"])
def test_nothing_to_reject_outside_the_review(people, state):
    item = walk_to(draft_item(), people, state)
    with pytest.raises(ReviewRefused) as refusal:
        workflow.reject(people.admin, item, "不同意")
    assert "没有可以退回的步骤" in refusal.value.message


def test_withdraw_takes_a_published_item_off_and_needs_the_publish_right(people):
    item = make_item()
    for who in ("clerk", "leader"):
        with pytest.raises(ReviewRefused):
            workflow.withdraw(getattr(people, who), item)
    assert item.status == "published"
    step = workflow.withdraw(people.head, item, "内容过时")
    assert item.status == "draft"
    assert (step.action, step.comment) == ("withdraw", "内容过时")
    assert not DisclosureItem.objects.published().filter(pk=item.pk).exists()
    with pytest.raises(ReviewRefused) as refusal:
        workflow.withdraw(people.head, item)
    assert "尚未发布" in refusal.value.message


def test_a_published_object_has_no_step_but_withdraw_without_a_revision(people):
    item = make_item()
    with pytest.raises(ReviewRefused) as refusal:
        workflow.submit(people.clerk, item)
    assert "没有待审核的修改稿" in refusal.value.message
    assert workflow.available_actions(people.clerk, item) == []
    assert workflow.available_actions(people.head, item) == ["withdraw"]


def test_available_actions_follow_state_and_role(people):
    item = draft_item()
    assert workflow.available_actions(people.clerk, item) == ["submit"]
    assert workflow.available_actions(people.head, item) == []
    workflow.submit(people.clerk, item)
    assert workflow.available_actions(people.clerk, item) == []
    assert workflow.available_actions(people.head, item) == ["check", "reject"]
    workflow.check(people.head, item)
    assert workflow.available_actions(people.leader, item) == ["approve", "reject"]
    assert workflow.available_actions(people.head, item) == []
    workflow.approve(people.leader, item)
    assert workflow.available_actions(people.head, item) == ["publish", "reject"]
    assert workflow.available_actions(people.leader, item) == []


# --- revisions of published objects -----------------------------------------------------


def propose(user, obj, **changes):
    """What the admin does on saving a published object: keep the values in a revision."""
    m2m = {name: changes.pop(name) for name in list(changes) if name in ("channels", "columns")}
    for name, value in changes.items():
        setattr(obj, name, value)
    revision = workflow.save_revision(user, obj, snapshot(obj, m2m=m2m))
    obj.refresh_from_db()  # the live row is untouched
    return revision


def test_a_revision_goes_live_only_when_published_m2m_included(people):
    channels = make_channels()
    column = make_column()
    item = make_item(content="旧的公开内容", channels=("政府网站",))
    revision = propose(
        people.clerk,
        item,
        content="新的公开内容",
        channels=[channels["政府网站"], channels["政务服务中心"]],
        columns=[column],
    )
    assert revision.state == "draft"
    assert revision.created_by == people.clerk
    assert [c.label for c in revision.changes(item)] == [
        "公开内容（要素）",
        "公开渠道和载体",
        "发布栏目",
    ]
    content = revision.changes(item)[0]
    assert (content.current, content.proposed) == ("旧的公开内容", "新的公开内容")

    for step, who in (
        (workflow.submit, people.clerk),
        (workflow.check, people.head),
        (workflow.approve, people.leader),
    ):
        step(who, item)
        live = DisclosureItem.objects.published().get(pk=item.pk)
        assert live.content == "旧的公开内容"
        assert {c.name for c in live.channels.all()} == {"政府网站"}
        assert workflow.review_state(item).revision.pk == revision.pk

    workflow.publish(people.head, item)
    live = DisclosureItem.objects.published().get(pk=item.pk)
    assert live.content == "新的公开内容"
    assert {c.name for c in live.channels.all()} == {"政府网站", "政务服务中心"}
    assert list(live.columns.all()) == [column]
    revision.refresh_from_db()
    assert revision.state == "applied"
    assert workflow.review_state(item).revision is None
    actions = list(ReviewStep.objects.filter(revision=revision).values_list("action", flat=True))
    assert actions == ["submit", "check", "approve", "publish"]


def test_a_publication_revision_keeps_its_index_number(people):
    publication = make_publication(title="旧标题")
    number = publication.index_number
    propose(people.clerk, publication, title="新标题", body="新的正文")
    walk_to(publication, people, "approved")
    workflow.publish(people.head, publication)
    publication.refresh_from_db()
    assert (publication.title, publication.body) == ("新标题", "新的正文")
    assert publication.index_number == number


def test_a_rejected_revision_returns_to_its_author_as_a_draft(people):
    item = make_item(content="旧")
    revision = propose(people.clerk, item, content="新")
    workflow.submit(people.clerk, item)
    with pytest.raises(ReviewRefused):
        propose(people.clerk, item, content="再改")  # under review: locked
    workflow.reject(people.head, item, "请说明调整依据")
    revision.refresh_from_db()
    assert revision.state == "draft"
    assert item.status == "published"
    propose(people.clerk, item, content="再改")
    revision.refresh_from_db()
    assert revision.data["content"] == "再改"
    # Someone else's draft revision is not theirs to edit.
    with pytest.raises(ReviewRefused) as refusal:
        propose(people.clerk2, item, content="别人的修改")
    assert "已有修改稿" in refusal.value.message
    assert Revision.objects.count() == 1


def test_a_revision_on_an_outdated_base_is_refused_at_publish(people):
    item = make_item(content="旧")
    propose(people.clerk, item, content="修改稿的内容")
    for step, who in (
        (workflow.submit, people.clerk),
        (workflow.check, people.head),
        (workflow.approve, people.leader),
    ):
        step(who, item)
    # The live row changes meanwhile (an import, a fix by the site administrator).
    live = DisclosureItem.objects.get(pk=item.pk)
    live.basis = "别处的修改"
    live.save()
    with pytest.raises(ReviewRefused) as refusal:
        workflow.publish(people.head, item)
    assert "又被修改过" in refusal.value.message
    item.refresh_from_db()
    assert (item.content, item.basis) == ("旧", "别处的修改")
    assert workflow.review_state(item).state == "approved"
    # The publisher discards it; the clerk starts again on the current version.
    workflow.discard(people.head, item, "依据的版本已过时")
    assert workflow.review_state(item).revision is None


def test_discard_is_for_the_author_of_a_draft_or_a_publisher(people):
    item = make_item()
    propose(people.clerk, item, content="新")
    for who in ("clerk2", "leader"):
        with pytest.raises(ReviewRefused):
            workflow.discard(getattr(people, who), item)
    workflow.discard(people.clerk, item)
    assert Revision.objects.get().state == "discarded"
    with pytest.raises(ReviewRefused) as refusal:
        workflow.discard(people.clerk, item)
    assert "没有待审核的修改稿" in refusal.value.message


def test_withdrawing_discards_the_pending_revision(people):
    item = make_item(content="旧")
    revision = propose(people.clerk, item, content="新")
    workflow.submit(people.clerk, item)
    workflow.withdraw(people.head, item, "暂停公开")
    revision.refresh_from_db()
    assert revision.state == "discarded"
    assert revision.data["content"] == "新"  # kept in the record
    assert item.status == "draft"
    assert item.content == "旧"


def test_content_that_breaks_a_rule_is_refused_at_submit_and_at_publish(people):
    other = make_item(level1="临时救助", level2="办事指南")
    item = make_item(domain=other.domain, level1="临时救助", level2="申请条件")
    propose(people.clerk, item, level2="办事指南")  # the natural key of another item
    with pytest.raises(ReviewRefused) as refusal:
        workflow.submit(people.clerk, item)
    assert "不能提交审核" in refusal.value.message
    assert workflow.review_state(item).state == "draft"

    # A free name when submitted, taken by another item before the revision is published.
    propose(people.clerk, item, level2="审批结果")
    walk_to(item, people, "approved")
    make_item(domain=other.domain, level1="临时救助", level2="审批结果")
    with pytest.raises(ReviewRefused) as refusal:
        workflow.publish(people.head, item)
    assert "修改稿不能发布" in refusal.value.message
    item.refresh_from_db()
    assert item.level2 == "申请条件"


def test_a_draft_that_breaks_a_rule_cannot_be_submitted(people):
    publication = draft_publication(validity=Publication.Validity.SUPERSEDED)
    with pytest.raises(ReviewRefused) as refusal:
        workflow.submit(people.clerk, publication)
    assert "请选择替代它的文件" in refusal.value.message
    assert publication.status == "draft"


# --- the privacy scan on submit --------------------------------------------------------


def test_submit_runs_the_privacy_scan_on_what_would_be_public(people):
    pytest.importorskip("privacy.guard")
    item = draft_item(content="联系人手机 13812345678")
    with pytest.raises(ReviewRefused) as refusal:
        workflow.submit(people.clerk, item)
    assert "个人信息检查未通过" in refusal.value.message
    assert "手机号" in refusal.value.message
    assert item.status == "draft"

    published = make_item()
    propose(people.clerk, published, basis="经办人 13812345678")
    with pytest.raises(ReviewRefused):
        workflow.submit(people.clerk, published)
    assert workflow.review_state(published).state == "draft"


def test_an_unknown_action_is_refused(people):
    with pytest.raises(ReviewRefused):
        workflow.act(people.admin, draft_item(), "publish-now")


# --- the audit log and concurrency -----------------------------------------------------


def test_every_step_goes_to_the_audit_log(people):
    if not apps.is_installed("audit"):
        pytest.skip("the portal has no audit log")
    from audit.models import AuditEntry

    item = draft_item()
    walk_to(item, people, "published")
    workflow.withdraw(people.head, item, "暂停")
    entries = AuditEntry.objects.filter(object_id=str(item.pk)).order_by("when", "id")
    assert [(e.action, e.username) for e in entries] == [
        ("submit", "clerk-a"),
        ("check", "head"),
        ("approve", "leader"),
        ("publish", "head"),
        ("unpublish", "head"),
    ]
    assert entries.last().detail == "已发布 → 草稿；意见：暂停"
    assert entries.first().action_label == "提交审核"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write; the race needs PostgreSQL's concurrent transactions",
)
def test_two_leaders_approving_at_once_approve_once(people, django_user_model):
    """
    The first approval holds the row until it commits; the second, started meanwhile, waits
    for the lock, then finds the item approved and is refused. Without the lock the second
    would read 已审核 and approve a second time.
    """
    other_leader = django_user_model.objects.create_user("leader-2", is_staff=True)
    other_leader.groups.add(*people.leader.groups.all())
    other_leader.units.add(*people.leader.units.all())
    item = walk_to(draft_item(), people, "checked")
    first_done = threading.Event()
    outcomes, errors = [], []

    def first():
        try:
            with transaction.atomic():
                workflow.approve(people.leader, DisclosureItem.objects.get(pk=item.pk))
                first_done.set()
                time.sleep(0.5)  # still holding the row while the second one tries
            outcomes.append("approved")
        except Exception as error:
            errors.append(error)
        finally:
            first_done.set()
            connections.close_all()

    def second():
        try:
            first_done.wait()
            workflow.approve(other_leader, DisclosureItem.objects.get(pk=item.pk))
            outcomes.append("approved")
        except ReviewRefused as refusal:
            outcomes.append(refusal.message)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    refusals = [outcome for outcome in outcomes if outcome != "approved"]
    assert outcomes.count("approved") == 1
    assert len(refusals) == 1
    assert "当前状态为“已批准”" in refusals[0]
    assert ReviewStep.objects.filter(object_id=item.pk, action="approve").count() == 1
