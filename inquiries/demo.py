"""
Demo messages (演示数据), dated relative to today: one answered with its Q&A published, one
waiting in an office, one new, so a new user sees each state. Every row is marked is_demo.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from inquiries.models import Message
from inquiries.qa import QARefused, draft_qa
from offices.models import Office
from publications.models import Publication
from units.models import Unit

OFFICE = "养老服务和慈善事业促进科"


class DemoError(ValueError):
    """The demo cannot be loaded; the message is Chinese."""


def load(today=None, unit=None):
    """Create `unit`'s (the first unit's) demo messages unless they exist; how many made."""
    now = timezone.now()
    unit = unit or Unit.objects.home()
    if Message.objects.filter(unit=unit, is_demo=True).exists():
        return 0
    offices = Office.objects.filter(unit=unit)
    office = offices.filter(name=OFFICE).first() or offices.order_by("order").first()
    if office is None:
        raise DemoError("还没有科室，请先运行 load_standard_data。")
    days = datetime.timedelta
    with transaction.atomic():
        answered = Message.objects.create(
            unit=unit,
            subject="高龄津贴需要每年认证吗",
            question="家里老人今年85岁，高龄津贴是不是每年都要去社区认证一次？",
            contact="demo@example.com",
            received_at=now - days(12),
            office=office,
            is_demo=True,
        )
        answered.record_answer(
            None,
            "高龄津贴实行年度资格认证，可由社区工作人员上门或通过手机视频认证，老人无需到场。",
            when=now - days(8),
        )
        try:
            qa = draft_qa(answered)
        except QARefused as refused:  # the unit has no column 互动回应 yet
            raise DemoError(str(refused)) from refused
        qa.status = Publication.Status.PUBLISHED
        qa.published_on = timezone.localdate(now - days(7))
        qa.save()
        Message.objects.create(
            unit=unit,
            subject="养老机构入住补贴怎么申请",
            question="我想了解失能老人入住养老机构的补贴申请条件。",
            contact="demo@example.com",
            received_at=now - days(4),
            office=office,
            status=Message.Status.ASSIGNED,
            is_demo=True,
        )
        Message.objects.create(
            unit=unit,
            subject="建议增加社区助餐点",
            question="我们小区老人多，建议增设一个社区助餐点。",
            contact="demo@example.com",
            received_at=now - days(1),
            is_demo=True,
        )
    return 3


def delete(unit=None):
    """Remove the demo messages (of `unit`, or every unit's) and their Q&A publications."""
    with transaction.atomic():
        demo = Message.objects.filter(is_demo=True)
        if unit is not None:
            demo = demo.filter(unit=unit)
        qa = list(demo.exclude(qa_publication=None).values_list("qa_publication_id", flat=True))
        count = demo.count()
        demo.delete()
        Publication.objects.filter(pk__in=qa, is_demo=True).delete()
    return count
