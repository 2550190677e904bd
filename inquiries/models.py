"""
Citizens' messages (留言, column 42 互动回应): a question, assigned to an office, answered in time.

A message arrives through the public form with a subject, the question and a contact. The head
assigns it to an office; the office answers within PORTAL_MESSAGE_ANSWER_WORKING_DAYS working
days, and never later than three months (the national website check fails a site for a valid
message unanswered longer). A complaint or a petition is answered with the standard answer that
names its own channel. What is published is a question-and-answer publication in column 42,
written by staff without the asker's personal data and sent through the one review; the message
itself, and its contact, are never public. The asker follows their message by its tracking code.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from offices.models import Office
from publications.models import Publication
from units.models import home_unit_id
from versions.models import VersionedModel
from workdays.calendar import working_calendar
from workdays.months import add_months


def tracking_code():
    return secrets.token_urlsafe(12)


class Message(VersionedModel):
    class Kind(models.TextChoices):
        QUESTION = "question", "咨询建议"
        COMPLAINT = "complaint", "投诉"
        PETITION = "petition", "信访事项"

    class Status(models.TextChoices):
        NEW = "new", "待分办"
        ASSIGNED = "assigned", "办理中"
        ANSWERED = "answered", "已答复"
        REDIRECTED = "redirected", "已告知其他渠道"

    DONE = (Status.ANSWERED, Status.REDIRECTED)

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="messages",
        default=home_unit_id,
    )
    code = models.CharField(
        "查询码", max_length=32, unique=True, default=tracking_code, editable=False
    )
    subject = models.CharField("主题", max_length=100)
    question = models.TextField("留言内容", max_length=3000)
    contact = models.CharField("联系方式", max_length=100)
    received_at = models.DateTimeField("留言时间", default=timezone.now, db_index=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    office = models.ForeignKey(
        Office,
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages_handled",
    )
    answer = models.TextField("答复内容", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    qa_publication = models.OneToOneField(
        Publication,
        verbose_name="公开的问答",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_message",
    )
    is_demo = models.BooleanField("演示数据", default=False)

    # Per-office rights: the office it is assigned to owns it; unassigned ones are the head's.
    office_path = "office"

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "留言"
        verbose_name_plural = "留言"

    def __str__(self):
        return self.subject

    def get_tracking_url(self):
        return reverse("inquiries:message-track", args=[self.code])

    @property
    def received_on(self):
        return timezone.localdate(self.received_at)

    @property
    def is_done(self):
        return self.status in self.DONE

    def due(self):
        """
        The last day to answer: the working-day limit, capped by the three-month outer bound.
        Returns (date, estimated, reason).
        """
        received = self.received_on
        limit = working_calendar().add_working_days(
            received, settings.PORTAL_MESSAGE_ANSWER_WORKING_DAYS
        )
        outer = add_months(received, settings.PORTAL_MESSAGE_OUTER_MONTHS)
        if outer < limit.date:
            return outer, False, ""
        return limit.date, limit.estimated, limit.reason

    def is_unanswered_over_outer_bound(self, today):
        """What fails the national check: open past three months after arrival."""
        return not self.is_done and today > add_months(
            self.received_on, settings.PORTAL_MESSAGE_OUTER_MONTHS
        )

    def record_answer(self, user, answer, status=Status.ANSWERED, when=None):
        self.answer = answer
        self.status = status
        self.answered_at = when or timezone.now()
        self.answered_by = user
        self.save(update_fields=["answer", "status", "answered_at", "answered_by"])

    def redirect(self, user, kind):
        """A complaint or petition: the standard answer naming its own channel."""
        self.kind = kind
        self.save(update_fields=["kind"])
        self.record_answer(user, settings.PORTAL_MESSAGE_REDIRECT_ANSWER, self.Status.REDIRECTED)

    def assign(self, office):
        self.office = office
        if self.status == self.Status.NEW:
            self.status = self.Status.ASSIGNED
        self.save(update_fields=["office", "status"])
