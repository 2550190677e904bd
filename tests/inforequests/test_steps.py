"""Every path a case can take, step by step, with the letters opened again as Word documents."""

import io

import pytest
from django.contrib.auth.models import Permission
from docx import Document

from inforequests import actions, answers, fees
from inforequests.actions import StepRefused
from inforequests.clock import Phase, StepKind
from inforequests.models import RequestStep
from review.workflow import ReviewRefused
from tests.factories import make_office
from tests.inforequests.helpers import D, answer, make_request, small_calendar
from units.models import Unit

pytestmark = pytest.mark.django_db
CAL = small_calendar()


def step(case, kind, user, on, **fields):
    """Take a step; an answer goes through its review (drafted, checked, approved, sent)."""
    if kind == StepKind.ANSWERED:
        try:
            return answer(case, on=on, calendar=CAL, **fields)
        except ReviewRefused as refused:
            raise StepRefused(refused.message) from refused
    return actions.take_step(case, kind, user, on=on, calendar=CAL, **fields)


def letter_text(step):
    step.letter.open("rb")
    try:
        return "\n".join(p.text for p in Document(io.BytesIO(step.letter.read())).paragraphs)
    finally:
        step.letter.close()


@pytest.fixture
def head(django_user_model):
    user = django_user_model.objects.create_user("head", password="x")
    Unit.objects.home().members.add(user)  # the head of the first unit's disclosure office
    user.user_permissions.add(
        Permission.objects.get(codename="approve_extension"),
        Permission.objects.get(codename="manage_all_offices"),
    )
    return django_user_model.objects.get(pk=user.pk)


def test_answered_at_once(head):
    case = make_request()
    answer = step(
        case, StepKind.ANSWERED, head, D(2026, 9, 23), outcome="public", note="已主动公开。"
    )
    assert case.clock(CAL).phase == Phase.ANSWERED
    text = letter_text(answer)
    assert "政府信息公开告知书" in text and case.query_code in text
    assert "60日内" in text and "6个月内" in text and "示范县人民政府" in text


def test_correction_then_answered(head):
    case = make_request()
    notice = step(
        case,
        StepKind.CORRECTION_REQUESTED,
        head,
        D(2026, 9, 25),
        due_on=D(2026, 10, 16),
        note="请写明所需文件的名称或文号。",
    )
    assert "补正告知书" in letter_text(notice) and "2026年10月16日" in letter_text(notice)
    with pytest.raises(StepRefused, match="待补正"):
        step(case, StepKind.ANSWERED, head, D(2026, 9, 28), outcome="public")
    step(case, StepKind.CORRECTION_RECEIVED, head, D(2026, 10, 12))
    assert case.clock(CAL).due == D(2026, 11, 9)
    with pytest.raises(StepRefused, match="一次性告知"):
        step(
            case,
            StepKind.CORRECTION_REQUESTED,
            head,
            D(2026, 10, 13),
            due_on=D(2026, 10, 20),
            note="x",
        )
    step(case, StepKind.ANSWERED, head, D(2026, 10, 20), outcome="unable_unclear")


def test_correction_never_returned(head):
    case = make_request()
    step(
        case, StepKind.CORRECTION_REQUESTED, head, D(2026, 9, 25), due_on=D(2026, 10, 16), note="x"
    )
    with pytest.raises(StepRefused, match="期限尚未届满"):
        step(case, StepKind.CLOSED, head, D(2026, 10, 16), outcome="other_no_correction")
    closing = step(case, StepKind.CLOSED, head, D(2026, 10, 19), outcome="other_no_correction")
    assert "逾期不补正" in letter_text(closing)
    assert case.clock(CAL).phase == Phase.CLOSED
    with pytest.raises(StepRefused, match="已办结"):
        step(case, StepKind.ANSWERED, head, D(2026, 10, 20), outcome="public")


def test_extension_needs_the_heads_permission(head, django_user_model):
    case = make_request()
    clerk = django_user_model.objects.create_user("clerk", password="x")
    fields = {"days": 20, "note": "需要调取档案"}
    with pytest.raises(StepRefused, match="负责人同意"):
        step(case, StepKind.EXTENDED, head, D(2026, 10, 20), approved_by=clerk, **fields)
    with pytest.raises(StepRefused, match="1至20"):
        step(case, StepKind.EXTENDED, head, D(2026, 10, 20), approved_by=head, days=21, note="x")
    notice = step(case, StepKind.EXTENDED, head, D(2026, 10, 20), approved_by=head, **fields)
    assert "延长20个工作日" in letter_text(notice)
    assert case.clock(CAL).due == D(2026, 11, 24)
    with pytest.raises(StepRefused, match="只能延长一次"):
        step(case, StepKind.EXTENDED, head, D(2026, 10, 21), approved_by=head, **fields)


def test_third_party_consulted(head):
    case = make_request()
    asked = step(
        case,
        StepKind.CONSULTATION_STARTED,
        head,
        D(2026, 9, 29),
        party_kind=RequestStep.PartyKind.THIRD_PARTY,
        party="某养老服务有限公司",
        note="申请公开贵公司的运营补贴申报材料。",
    )
    assert asked.due_on == D(2026, 10, 27)
    text = letter_text(asked)
    assert "征求第三方意见书" in text and case.name not in text  # the applicant stays unnamed
    step(case, StepKind.CONSULTATION_ENDED, head, D(2026, 10, 12))
    assert case.clock(CAL).due == D(2026, 11, 2)
    step(case, StepKind.ANSWERED, head, D(2026, 10, 30), outcome="withheld_third_party")


def test_fee_paid_and_unpaid(head):
    paid = make_request()
    notice = step(
        paid,
        StepKind.FEE_NOTIFIED,
        head,
        D(2026, 10, 9),
        fee_method=fees.Method.BY_PAGES,
        fee_quantity=120,
    )
    assert (notice.fee_amount, notice.due_on) == (1100, D(2026, 11, 5))
    assert "1100元" in letter_text(notice) and "共120页" in letter_text(notice)
    step(paid, StepKind.FEE_PAID, head, D(2026, 10, 13))
    assert paid.clock(CAL).due == D(2026, 10, 30)

    # The applicant's 12th application of September: 100 yuan by request (counted, not typed).
    for day in range(1, 12):
        make_request(id_number="340802198001010011", received_on=D(2026, 9, day))
    make_request(id_number="340802198001010011", received_on=D(2026, 10, 1))  # another month
    unpaid = make_request(id_number="340802198001010011", received_on=D(2026, 9, 23))
    notice = step(
        unpaid, StepKind.FEE_NOTIFIED, head, D(2026, 10, 9), fee_method=fees.Method.BY_REQUEST
    )
    assert (notice.fee_quantity, notice.fee_amount) == (12, 100)
    assert "本自然月第12件申请" in letter_text(notice)
    with pytest.raises(StepRefused, match="期限尚未届满"):
        step(unpaid, StepKind.CLOSED, head, D(2026, 11, 5), outcome="other_unpaid")
    step(unpaid, StepKind.CLOSED, head, D(2026, 11, 6), outcome="other_unpaid")
    assert unpaid.clock(CAL).phase == Phase.CLOSED


@pytest.mark.parametrize(
    ("outcome", "title"),
    [
        ("public", "政府信息公开告知书"),
        ("partial", "政府信息部分公开告知书"),
        ("withheld_secret", "政府信息不予公开告知书"),
        ("unable_not_held", "政府信息无法提供告知书"),
        ("not_handled_repeat", "不予处理告知书"),
        ("other", "处理结果告知书"),
    ],
)
def test_every_answer_category_has_its_letter(head, outcome, title):
    case = make_request()
    kind = StepKind.CLOSED if outcome == "other" else StepKind.ANSWERED
    answer = step(case, kind, head, D(2026, 10, 9), outcome=outcome, note="申请人撤回申请。")
    text = letter_text(answer)
    assert title in text and "行政复议" in text and "行政诉讼" in text


def test_another_offices_clerk_cannot_act(django_user_model):
    mine, theirs = make_office(), make_office()
    clerk = django_user_model.objects.create_user("other-clerk", password="x")
    theirs.members.add(clerk)
    case = make_request(office=mine)
    fields = {"due_on": D(2026, 10, 16), "note": "请写明文号"}
    with pytest.raises(StepRefused, match="无权"):
        step(case, StepKind.CORRECTION_REQUESTED, clerk, D(2026, 9, 25), **fields)
    mine.members.add(clerk)
    clerk = django_user_model.objects.get(pk=clerk.pk)
    step(case, StepKind.CORRECTION_REQUESTED, clerk, D(2026, 9, 25), **fields)


def test_an_answer_is_sent_only_after_its_review(head):
    from inforequests.models import Answer
    from review import workflow

    case = make_request()
    with pytest.raises(StepRefused, match="审核"):
        actions.take_step(
            case, StepKind.ANSWERED, head, on=D(2026, 10, 9), calendar=CAL, outcome="public"
        )
    draft = Answer.objects.create(request=case, outcome="public", note="已主动公开。")
    reviewer = django_user = type(head).objects.create_superuser("r", password="x")
    workflow.submit(reviewer, draft)
    workflow.check(reviewer, draft)
    with pytest.raises(ReviewRefused):
        answers.send(reviewer, draft)  # not yet approved
    assert not case.steps.exists()
    workflow.approve(reviewer, draft)
    sent = answers.send(reviewer, draft, on=D(2026, 10, 9), calendar=CAL)
    assert (sent.kind, sent.outcome, sent.created_by) == (StepKind.ANSWERED, "public", django_user)
    draft.refresh_from_db()
    assert draft.status == "published"


def test_a_personal_number_is_refused_in_the_answer_and_in_a_letter(head):
    from privacy.guard import PrivacyError

    case = make_request()
    with pytest.raises(StepRefused, match="个人信息检查未通过"):  # the review's guard, on submit
        step(
            case,
            StepKind.ANSWERED,
            head,
            D(2026, 10, 9),
            outcome="public",
            note="经办人电话13812345678",
        )
    with pytest.raises(PrivacyError):  # the letter's guard
        step(
            case,
            StepKind.CORRECTION_REQUESTED,
            head,
            D(2026, 9, 25),
            due_on=D(2026, 10, 16),
            note="请联系13812345678",
        )
    assert not case.steps.exists()
