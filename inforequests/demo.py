"""
Demo requests in every state, dated relative to the day they are loaded, so a new user sees the
clock at work: just received, due soon, overdue, awaiting correction, extended, consulting a
third party, awaiting a fee, answered in each main category, closed for a correction never
returned and for a fee never paid; and one carried over from last year (received in its last
days, answered in January), so this year's table 三 has a 上年结转 that last year's demo report
carries out (`carried_over`, which that report reads).

Each spec gives the receipt and every step as working days before today on the bureau's
calendar (`plan`); the steps go through actions.take_step like a clerk's, letters included. Every row is
marked is_demo and its applicant is called 演示申请人; deleting removes them with their letters
and nothing else.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from inforequests import actions, answers, fees
from inforequests.clock import StepKind
from inforequests.days import bureau_calendar
from inforequests.models import (
    FINAL_KINDS,
    Answer,
    ApplicantType,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    InfoRequest,
    ReleasedFile,
    RequestStep,
)
from offices.models import Office
from review.models import ReviewStep
from units.models import Unit

S = StepKind
THIRD = RequestStep.PartyKind.THIRD_PARTY

# (label, received N working days ago, organisation kind or "", [(kind, N ago, fields)], register title)
SPECS = [
    ("刚收到", 1, "", [], ""),
    ("即将到期", 17, "", [], ""),
    ("已逾期", 23, "business", [], ""),
    (
        "待补正",
        4,
        "",
        [(S.CORRECTION_REQUESTED, 2, {"due_in": 10, "note": "请写明所需文件的年份或文号。"})],
        "",
    ),
    (
        "已延期",
        22,
        "",
        [(S.EXTENDED, 2, {"days": 15, "note": "所需信息分散在多个年度档案中，需要调取核对。"})],
        "",
    ),
    (
        "征求第三方意见中",
        6,
        "research",
        [
            (
                S.CONSULTATION_STARTED,
                3,
                {
                    "party_kind": THIRD,
                    "party": "示范县某养老服务中心",
                    "note": "申请公开贵单位的运营补贴申报材料。",
                },
            )
        ],
        "",
    ),
    (
        "待缴费",
        8,
        "",
        [(S.FEE_NOTIFIED, 2, {"fee_method": fees.Method.BY_PAGES, "fee_quantity": 150})],
        "",
    ),
    (
        "予以公开",
        30,
        "",
        [
            (
                S.ANSWERED,
                12,
                {
                    "outcome": "public",
                    "note": "所需信息已在本机关门户网站主动公开，可在“政府信息公开”专栏查阅。",
                },
            )
        ],
        "城乡低保资金发放情况",
    ),
    (
        "部分公开",
        40,
        "public_interest",
        [(S.ANSWERED, 25, {"outcome": "partial", "note": "涉及个人信息的部分已作区分处理。"})],
        "特困人员救助供养名单汇总情况",
    ),
    (
        "不予公开",
        35,
        "",
        [
            (
                S.CONSULTATION_STARTED,
                33,
                {
                    "party_kind": THIRD,
                    "party": "示范县某敬老院",
                    "note": "申请公开贵院的经营数据。",
                },
            ),
            (S.CONSULTATION_ENDED, 22, {}),
            (
                S.ANSWERED,
                18,
                {"outcome": "withheld_third_party", "note": "第三方不同意公开且理由合理。"},
            ),
        ],
        "",
    ),
    (
        "无法提供",
        15,
        "legal_service",
        [(S.ANSWERED, 5, {"outcome": "unable_not_held", "note": "本机关不掌握该信息。"})],
        "",
    ),
    (
        "不予处理",
        12,
        "",
        [(S.ANSWERED, 10, {"outcome": "not_handled_repeat", "note": "已于此前答复。"})],
        "",
    ),
    (
        "逾期不补正",
        40,
        "",
        [
            (S.CORRECTION_REQUESTED, 38, {"due_in": 14, "note": "请写明所需信息的名称。"}),
            (S.CLOSED, 20, {"outcome": "other_no_correction"}),
        ],
        "",
    ),
    (
        "逾期未缴费",
        50,
        "other",
        [
            (S.FEE_NOTIFIED, 45, {"fee_method": fees.Method.BY_REQUEST, "fee_quantity": 12}),
            (S.CLOSED, 22, {"outcome": "other_unpaid"}),
        ],
        "",
    ),
]


# The case carried over from last year: received this many working days before 1 January,
# answered this many working days after its receipt (once that day has come).
CARRIED = ("上年结转", 3, 8, "农村特困人员供养标准调整情况")


@dataclass(frozen=True)
class Planned:
    """One demo case with its dates: [(step kind, day, fields)] in order."""

    number: int
    label: str
    received_on: datetime.date
    kind: str
    steps: list
    title: str

    def open_at(self, day):
        """True when the case was received by `day` and not finished by it (table 三's 四)."""
        return self.received_on <= day and not any(
            kind in FINAL_KINDS and on <= day for kind, on, _ in self.steps
        )

    @property
    def table_column(self):
        applicant_type = ApplicantType.ORGANISATION if self.kind else ApplicantType.CITIZEN
        return InfoRequest(applicant_type=applicant_type, organisation_kind=self.kind).table_column


def plan(today, calendar):
    """Every demo case dated for `today`: SPECS counted back from it, then the carried-over one."""
    cases = [
        Planned(
            number,
            label,
            working_days_ago(calendar, today, received),
            kind,
            [(k, working_days_ago(calendar, today, ago), f) for k, ago, f in steps],
            title,
        )
        for number, (label, received, kind, steps, title) in enumerate(SPECS, start=1)
    ]
    label, before, answered_after, title = CARRIED
    received_on = working_days_ago(calendar, datetime.date(today.year, 1, 1), before)
    answered_on = calendar.add_working_days(received_on, answered_after).date
    note = "所需信息已随本答复以电子邮件发送申请人。"
    steps = [(S.ANSWERED, answered_on, {"outcome": "public", "note": note})]
    cases.append(
        Planned(
            len(cases) + 1,
            label,
            received_on,
            "",
            steps if answered_on <= today else [],
            title,
        )
    )
    return cases


def carried_over(year, today=None):
    """
    {table 三 column: count} of the demo cases loaded on `today` that are open at the end of
    `year`: what the register carries into the next year, so a demo report of `year` can say so.
    """
    today = today or timezone.localdate()
    end = datetime.date(year, 12, 31)
    counts = {}
    for case in plan(today, bureau_calendar()):
        if case.open_at(end):
            counts[case.table_column] = counts.get(case.table_column, 0) + 1
    return counts


@dataclass
class Result:
    created: int = 0
    existing: int = 0
    deleted: int = 0
    warnings: list = field(default_factory=list)


def working_days_ago(calendar, today, n):
    """The day n working days before `today` (today itself when n is 0)."""
    day = today
    while n > 0:
        day -= datetime.timedelta(days=1)
        n -= calendar.is_working_day(day)
    return day


def _approver():
    """The demo's reviewer: a superuser holds the four review rights and the extension's."""
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


# The offices the demo cases are assigned to, in turn; the first case, just received, waits for
# the head of the disclosure office to assign it, as a new application does.
OFFICES = ("社会救助科", "养老服务和慈善事业促进科")


def _office(unit, number):
    """The unit's office of that name, else one of its own offices in turn (a town's 民政所)."""
    if number == 1:
        return None
    offices = Office.objects.filter(unit=unit)
    named = offices.filter(name=OFFICES[number % len(OFFICES)]).first()
    if named is not None:
        return named
    own = list(offices.order_by("order", "pk")[: len(OFFICES)])
    return own[number % len(own)] if own else None


def _case(unit, number, label, received_on, kind, title):
    organisation = bool(kind)
    return InfoRequest.objects.create(
        unit=unit,
        office=_office(unit, number),
        applicant_type=ApplicantType.ORGANISATION if organisation else ApplicantType.CITIZEN,
        organisation_kind=kind,
        name=f"演示{'单位' if organisation else '申请人'}{number}（演示数据）",
        id_type="" if organisation else IdType.RESIDENT_ID,
        id_number="" if organisation else f"DEMO{number:04d}",
        credit_code=f"DEMO{number:014d}" if organisation else "",
        contact_person="演示联系人" if organisation else "",
        phone=f"0000-{number:04d}",
        address="演示地址（演示数据）",
        description=f"演示：{label}的申请（演示数据）",
        form_wanted=FormWanted.ELECTRONIC,
        delivery=Delivery.EMAIL,
        channel=Channel.ONLINE if number % 2 else Channel.IN_PERSON,
        received_on=received_on,
        public_title=title,
        in_register=bool(title),
        is_demo=True,
    )


@transaction.atomic
def load(today=None, refresh=False, unit=None):
    """Load the demo cases into `unit` (the first unit by default)."""
    unit = unit or Unit.objects.home()
    result = Result()
    existing = InfoRequest.objects.filter(is_demo=True, unit=unit)
    if existing.exists():
        if not refresh:
            result.existing = existing.count()
            return result
        result.deleted = delete(unit).deleted
    today = today or timezone.localdate()
    calendar = bureau_calendar()
    approver = _approver()
    for planned in plan(today, calendar):
        if approver is None and any(k in (S.EXTENDED, S.ANSWERED) for k, _, _ in planned.steps):
            result.warnings.append(
                f"没有超级用户（审核、批准演示答复和延期），未创建“{planned.label}”演示申请。"
            )
            continue
        case = _case(
            unit, planned.number, planned.label, planned.received_on, planned.kind, planned.title
        )
        for step_kind, on, fields in planned.steps:
            fields = dict(fields)
            if "due_in" in fields:
                fields["due_on"] = on + datetime.timedelta(days=fields.pop("due_in"))
            if step_kind == S.EXTENDED:
                fields["approved_by"] = approver
            if step_kind == S.ANSWERED:
                draft = Answer.objects.create(request=case, created_by=approver, **fields)
                answers.review_and_send(approver, draft, on=on, calendar=calendar)
                continue
            actions.take_step(case, step_kind, None, on=on, calendar=calendar, **fields)
        result.created += 1
    return result


@transaction.atomic
def delete(unit=None):
    """Remove the demo cases (of `unit`, or of every unit) and their letters; nothing else."""
    cases = InfoRequest.objects.filter(is_demo=True)
    if unit is not None:
        cases = cases.filter(unit=unit)
    files = [s.letter for s in RequestStep.objects.filter(request__in=cases).exclude(letter="")]
    files += [f.file for f in ReleasedFile.objects.filter(request__in=cases)]
    count = cases.count()
    demo_answers = Answer.objects.filter(request__in=cases)
    ReviewStep.objects.filter(
        content_type=ContentType.objects.get_for_model(Answer),
        object_id__in=list(demo_answers.values_list("pk", flat=True)),
    ).delete()
    demo_answers.delete()
    cases.delete()
    history = InfoRequest.history.filter(is_demo=True)
    if unit is not None:
        history = history.filter(unit_id=unit.pk)
    history.delete()  # no trace of demo cases in the history
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))
    return Result(deleted=count)
