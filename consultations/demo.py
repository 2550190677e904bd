"""
Demo consultations (演示数据), dated relative to today: one open with comments, one ended with
its feedback published, so a new user sees each state. Every row is marked is_demo.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from columns.models import Column
from consultations.feedback import draft_feedback
from consultations.models import Comment, Consultation
from offices.models import Office
from publications.models import Publication
from units.models import Unit

OFFICE = "养老服务和慈善事业促进科"


class DemoError(ValueError):
    """The demo cannot be loaded; the message is Chinese."""


def _column(unit, number):
    column = Column.objects.filter(unit=unit, number=number).first()
    if column is None:
        raise DemoError(f"没有编号为 {number} 的栏目，请先运行 load_standard_data 载入栏目表。")
    return column


def _notice(unit, title, body, published_on):
    return Publication.objects.create(
        column=_column(unit, settings.PORTAL_CONSULTATION_COLUMN),
        title=title,
        body=body,
        topic=Publication.Topic.ELDERLY_CARE,
        status=Publication.Status.PUBLISHED,
        published_on=published_on,
        written_on=published_on,
        is_demo=True,
    )


OPEN_COMMENTS = [
    ("王女士", "wang@example.com", "建议把助餐点延伸到行政村，方便农村老人。"),
    ("", "0550-1234567", "希望明确失能老人的送餐补贴标准。"),
]
ENDED_COMMENTS = [
    ("补贴标准", Comment.Decision.ADOPTED, ""),
    ("补贴标准", Comment.Decision.NOT_ADOPTED, "超出县级财政承受能力，待下一年度统筹考虑"),
    ("申请流程", Comment.Decision.PARTLY, "线上申请系统正在建设，建成后同步开通"),
]


def load(today=None, unit=None):
    """Create `unit`'s (the first unit's) demo consultations unless they exist; how many made."""
    today = today or timezone.localdate()
    unit = unit or Unit.objects.home()
    if Consultation.objects.filter(unit=unit, is_demo=True).exists():
        return 0
    offices = Office.objects.filter(unit=unit)
    office = offices.filter(name=OFFICE).first() or offices.order_by("order").first()
    if office is None:
        raise DemoError("还没有科室，请先运行 load_standard_data。")
    days = datetime.timedelta
    with transaction.atomic():
        opened = Consultation.objects.create(
            unit=unit,
            title="示范县老年助餐服务管理办法（征求意见稿）",
            notice=_notice(
                unit,
                "关于公开征求《示范县老年助餐服务管理办法（征求意见稿）》意见的公告",
                "为规范老年助餐服务，现将征求意见稿全文公布，欢迎社会各界提出意见建议。\n\n"
                "第一条 本办法适用于本县行政区域内的老年助餐服务。",
                today - days(5),
            ),
            office=office,
            kind=Consultation.Kind.MAJOR,
            starts_on=today - days(5),
            ends_on=today + days(25),
            is_demo=True,
        )
        for name, contact, body in OPEN_COMMENTS:
            Comment.objects.create(
                consultation=opened, name=name, contact=contact, body=body, is_demo=True
            )
        ended = Consultation.objects.create(
            unit=unit,
            title="示范县经济困难老年人养老服务补贴实施细则（征求意见稿）",
            notice=_notice(
                unit,
                "关于公开征求《示范县经济困难老年人养老服务补贴实施细则（征求意见稿）》意见的公告",
                "现将征求意见稿全文公布，征求意见时间为 30 日。",
                today - days(60),
            ),
            office=office,
            kind=Consultation.Kind.MAJOR,
            starts_on=today - days(60),
            ends_on=today - days(31),
            is_demo=True,
        )
        for theme, decision, reason in ENDED_COMMENTS:
            Comment.objects.create(
                consultation=ended,
                contact="demo@example.com",
                body="（演示意见）",
                theme=theme,
                decision=decision,
                reason=reason,
                is_demo=True,
            )
        feedback = draft_feedback(ended)
        feedback.status = Publication.Status.PUBLISHED
        feedback.published_on = today - days(20)
        feedback.save()
    return 2


def delete(unit=None):
    """Remove the demo consultations (of `unit`, or every unit's), their comments and notices."""
    with transaction.atomic():
        demo = Consultation.objects.filter(is_demo=True)
        if unit is not None:
            demo = demo.filter(unit=unit)
        publications = [pk for pair in demo.values_list("notice_id", "feedback_id") for pk in pair]
        count = demo.count()
        demo.delete()
        Publication.objects.filter(pk__in=[pk for pk in publications if pk], is_demo=True).delete()
    return count
