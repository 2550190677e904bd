"""
Taking a step on a case: checked, recorded with who and when, and its letter made and stored.

`take_step(case, kind, user, on=..., **fields)` is the one way a step is written (the admin's
step form, the demo data and the tests use it). The case row is locked (SELECT ... FOR UPDATE) so
that two clerks cannot both take the last step; what may follow what is decided on the clock of
the steps so far. A refusal raises StepRefused with a Chinese message.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from inforequests import clock, fees, letters
from inforequests.clock import Phase, StepKind
from inforequests.days import bureau_calendar
from inforequests.models import APPROVE_EXTENSION, Answer, InfoRequest, RequestStep
from offices import rights
from privacy.guard import PrivacyError, scan_file, scan_text
from publications.attachments import sniff
from reviewable.steps import PUBLISHED
from units import access

CLOSING_PHASES = {
    "other_no_correction": Phase.AWAITING_CORRECTION,
    "other_unpaid": Phase.AWAITING_FEE,
}


class StepRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _require(condition, message):
    if not condition:
        raise StepRefused(message)


def _check(case, state, kind, user, on, fields, calendar):
    steps = case.ordered_steps()
    phase = state.phase
    _require(not state.finished, "该申请已办结，不能再办理。")
    _require(on >= case.received_on, "日期不能早于收到申请日期。")
    _require(on <= timezone.localdate(), "日期不能晚于今天。")
    _require(not steps or on >= steps[-1].on, "日期不能早于上一办理环节的日期。")
    if kind == StepKind.CORRECTION_REQUESTED:
        _require(phase == Phase.PROCESSING, f"当前为“{Phase(phase).label}”，不能告知补正。")
        _require(not any(s.kind == kind for s in steps), "补正应一次性告知，本申请已告知过补正。")
        _require(fields.get("note", "").strip(), "请写明需要补正的事项。")
        _require(fields.get("due_on") and fields["due_on"] > on, "请设定晚于告知日期的补正期限。")
    elif kind == StepKind.EXTENDED:
        _require(phase == Phase.PROCESSING, f"当前为“{Phase(phase).label}”，不能延期。")
        _require(not any(s.kind == kind for s in steps), "答复期限只能延长一次。")
        days = fields.get("days") or 0
        _require(1 <= days <= clock.EXTENSION_MAX_DAYS, "延长的期限为1至20个工作日。")
        approver = fields.get("approved_by")
        _require(
            approver is not None and approver.has_perm(APPROVE_EXTENSION),
            "延期答复须经政府信息公开工作机构负责人同意：请选择批准人。",
        )
        _require(access.may_change(approver, case), "批准人须为本单位政府信息公开工作机构负责人。")
        _require(fields.get("note", "").strip(), "请写明延期的理由。")
        _require(state.due is None or on <= state.due, "答复期限已过，不能再延期。")
    elif kind == StepKind.CONSULTATION_STARTED:
        _require(phase == Phase.PROCESSING, f"当前为“{Phase(phase).label}”，不能征求意见。")
        _require(fields.get("party", "").strip(), "请填写征求意见的对象。")
        _require(fields.get("party_kind"), "请选择征求意见对象的类型。")
    elif kind == StepKind.FEE_NOTIFIED:
        _require(phase == Phase.PROCESSING, f"当前为“{Phase(phase).label}”，不能发出收费通知。")
        _require(not any(s.kind == kind for s in steps), "本申请已发出过收费通知。")
        _require(fields.get("fee_method") in fees.Method.values, "请选择计费方式。")
        by_pages = fields.get("fee_method") == fees.Method.BY_PAGES
        _require(
            not by_pages or fields.get("fee_quantity") is not None, "按量计收请填写信息的页数。"
        )
    elif kind in (StepKind.CORRECTION_RECEIVED, StepKind.CONSULTATION_ENDED, StepKind.FEE_PAID):
        wanted = {
            StepKind.CORRECTION_RECEIVED: Phase.AWAITING_CORRECTION,
            StepKind.CONSULTATION_ENDED: Phase.CONSULTING,
            StepKind.FEE_PAID: Phase.AWAITING_FEE,
        }[kind]
        _require(
            phase == wanted, f"当前为“{Phase(phase).label}”，不能记录“{StepKind(kind).label}”。"
        )
        if kind == StepKind.FEE_PAID:
            _require(on <= state.waiting_until, "已超过缴费期限，请按逾期未缴费终止办理。")
    elif kind == StepKind.CLOSED:
        outcome = fields.get("outcome")
        _require(outcome in (*CLOSING_PHASES, "other"), "请选择终止办理的情形。")
        if outcome in CLOSING_PHASES:
            _require(
                phase == CLOSING_PHASES[outcome],
                f"当前为“{Phase(phase).label}”，不能按“{dict(letters.table_three.OUTCOME_ROW)[outcome]}”终止。",
            )
            _require(on > state.waiting_until, "期限尚未届满，不能按逾期终止办理。")
        else:
            _require(fields.get("note", "").strip(), "请写明终止办理的原因（如申请人撤回申请）。")
    elif kind == StepKind.ANSWERED:
        _require(phase == Phase.PROCESSING, f"当前为“{Phase(phase).label}”，不能答复。")
        _require(
            Answer.objects.filter(request=case, status=PUBLISHED).exists(),
            "答复须经公开办负责人审核、分管领导批准后发送：请在“答复”中起草并提交审核。",
        )
        outcome = fields.get("outcome")
        _require(
            outcome and outcome not in CLOSING_PHASES,
            "请选择答复类型（逾期不补正、逾期未缴费请用终止办理）。",
        )
    else:
        raise StepRefused("未知的办理环节。")


def _fill(step, calendar):
    """The values a step derives: the reply dates set by law, the fee from the tariff."""
    third_party = step.party_kind == RequestStep.PartyKind.THIRD_PARTY
    if step.kind == StepKind.CONSULTATION_STARTED and third_party and not step.due_on:
        step.due_on = clock.due_for_reply(calendar, step.on, step.kind).date
    if step.kind == StepKind.FEE_NOTIFIED:
        step.due_on = clock.due_for_reply(calendar, step.on, step.kind).date
        if step.fee_method == fees.Method.BY_REQUEST:
            # The applicant's applications of the calendar month are counted, not typed.
            step.fee_quantity = step.request.nth_in_month()
            step.fee_amount = fees.fee(step.fee_method, nth=step.fee_quantity)
        else:
            step.fee_amount = fees.fee(step.fee_method, pages=step.fee_quantity)


def attach_letter(step, case):
    """Make the step's letter, pass it through the privacy guard, store it on the step."""
    kind = letters.letter_kind(step)
    if kind is None:
        return
    data = letters.render_docx(kind, case, step)
    name = letters.filename(kind, case)
    findings = [f for f in scan_file(name, "docx", ContentFile(data)) if f.blocking]
    if findings:
        raise PrivacyError(findings)
    step.letter.save(name, ContentFile(data), save=False)


@transaction.atomic
def take_step(case, kind, user, on=None, calendar=None, **fields):
    """Record step `kind` on `case` by `user` on `on` (today by default); returns the step."""
    calendar = calendar or bureau_calendar()
    on = on or timezone.localdate()
    case = InfoRequest.objects.select_for_update().get(pk=case.pk)
    if user is not None:
        _require(access.may_change(user, case), "您无权办理其他单位收到的申请。")
        _require(rights.may_change(user, case), "您无权办理其他科室承办的申请。")
    state = case.clock(calendar)
    _check(case, state, kind, user, on, fields, calendar)
    step = RequestStep(request=case, kind=kind, on=on, created_by=user, **fields)
    _fill(step, calendar)
    attach_letter(step, case)
    step.save()
    return step


def receipt_docx(case):
    """The 接收回执 of `case` as .docx bytes (made on demand: it holds nothing that changes)."""
    return letters.render_docx("receipt", case)


def scan_released(released):
    """The privacy findings in a file given with an answer and in its name."""
    upload = released.file
    findings = scan_file(released.name, sniff(upload) or "", upload)
    upload.seek(0)
    return findings + scan_text("文件名称", released.name)
