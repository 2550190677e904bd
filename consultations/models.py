"""
Public consultation (意见征集, columns 5–6 重大决策预公开): a draft open for comment, then feedback.

A consultation is the bureau's call for comments on a draft. Its notice (the draft's text and
attachments) is a publication in column 5 and its feedback (收到 N 条, 采纳 M 条, why the rest was
not adopted) a publication in column 6: both go through the one review (先审后发) and the privacy
guard like every other publication, and the consultation is public once its notice is published.
The state (未开始 / 征集中 / 已结束 / 已反馈) follows from the dates and the feedback, never stored.

Comments carry personal data (names, contacts), so they are never shown on a public page: staff
read and classify them in the admin, and only the feedback they write is published.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from offices.models import Office
from publications.models import Publication
from units.models import home_unit_id
from versions.models import VersionedModel
from workdays.calendar import working_calendar


class State(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    OPEN = "open", "征集中"
    ENDED = "ended", "已结束"
    ANSWERED = "answered", "已反馈"


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        """Consultations whose notice is published: what citizens see."""
        return self.filter(notice__status=Publication.Status.PUBLISHED)

    def with_counts(self):
        """Each with `comments_received` and `comments_adopted` (one query for the page)."""
        adopted = Q(comments__decision__in=Comment.ADOPTED_DECISIONS)
        return self.annotate(
            comments_received=Count("comments"),
            comments_adopted=Count("comments", filter=adopted),
        )


class Consultation(VersionedModel):
    class Kind(models.TextChoices):
        MAJOR = "major", "重大行政决策"
        NORMATIVE = "normative", "规范性文件"
        OTHER = "other", "其他"

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="consultations",
        default=home_unit_id,
    )
    title = models.CharField("征集事项", max_length=300)
    notice = models.OneToOneField(
        Publication,
        verbose_name="征集公告（草案及附件）",
        on_delete=models.PROTECT,
        related_name="consultation",
        help_text="在“意见征集”栏目中发布的草案全文及附件；公告发布后，征集页面才对公众可见。",
    )
    office = models.ForeignKey(
        Office, verbose_name="承办科室", on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.MAJOR)
    starts_on = models.DateField("征集开始日期")
    ends_on = models.DateField("征集截止日期")
    short_period_reason = models.TextField(
        "征集期较短的理由",
        blank=True,
        help_text="重大行政决策征集期少于 30 日、规范性文件少于 7 个工作日时必须说明理由，理由向公众公开。",
    )
    feedback = models.OneToOneField(
        Publication,
        verbose_name="意见反馈",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_of",
        help_text="在“意见反馈”栏目中发布的反馈情况；可在列表中用“生成意见反馈稿”动作起草。",
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ConsultationQuerySet.as_manager()
    # Per-office rights: the office that runs the consultation owns it (and its comments).
    office_path = "office"

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:consultation-detail", args=[self.pk])

    # --- the state, from the dates -----------------------------------------------------------

    def state_on(self, today):
        if today < self.starts_on:
            return State.NOT_STARTED
        if today <= self.ends_on:
            return State.OPEN
        if self.feedback_id and self.feedback.is_published:
            return State.ANSWERED
        return State.ENDED

    @property
    def state(self):
        return self.state_on(timezone.localdate())

    @property
    def state_label(self):
        return self.state.label

    def is_open_on(self, today):
        return self.state_on(today) == State.OPEN

    @property
    def is_open(self):
        return self.is_open_on(timezone.localdate())

    # --- the period rule ---------------------------------------------------------------------

    def period(self):
        """The period's length as the rule counts it: (number, unit, estimated, reason)."""
        if self.kind == self.Kind.NORMATIVE:
            span = working_calendar().working_days_between(
                self.starts_on - datetime.timedelta(days=1), self.ends_on
            )
            return span.days, "个工作日", span.estimated, span.reason
        return (self.ends_on - self.starts_on).days + 1, "日", False, ""

    def minimum(self):
        """The shortest period the rule allows without a stated reason, or None."""
        if self.kind == self.Kind.MAJOR:
            return settings.PORTAL_CONSULTATION_MAJOR_DAYS
        if self.kind == self.Kind.NORMATIVE:
            return settings.PORTAL_CONSULTATION_NORMATIVE_WORKING_DAYS
        return None

    @property
    def is_short(self):
        minimum = self.minimum()
        return minimum is not None and self.period()[0] < minimum

    def clean(self):
        errors = {}
        if self.unit_id and self.office_id and self.office.unit_id != self.unit_id:
            errors["office"] = "承办科室不属于本单位，请选择本单位的科室。"
        if self.unit_id and self.notice_id and self.notice.column.unit_id != self.unit_id:
            errors["notice"] = "征集公告不在本单位的栏目中，请选择本单位发布的公告。"
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = "征集截止日期不能早于开始日期。"
            elif self.is_short and not self.short_period_reason.strip():
                days, unit, estimated, _ = self.period()
                note = "（预估）" if estimated else ""
                errors["short_period_reason"] = (
                    f"{self.get_kind_display()}的征集期应不少于 {self.minimum()} {unit}，"
                    f"本次只有 {days} {unit}{note}，请填写征集期较短的理由（将向公众公开）。"
                )
        if errors:
            raise ValidationError(errors)


class Comment(VersionedModel):
    """One citizen's comment: kept for staff, never shown publicly (it carries personal data)."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待处理"
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        NOT_ADOPTED = "not_adopted", "未采纳"

    ADOPTED_DECISIONS = (Decision.ADOPTED, Decision.PARTLY)

    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    body = models.TextField("意见内容", max_length=5000)
    received_at = models.DateTimeField("提交时间", default=timezone.now)
    theme = models.CharField(
        "主题", max_length=50, blank=True, help_text="工作人员归类用，如“补贴标准”“申请流程”。"
    )
    decision = models.CharField(
        "处理结果", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.TextField(
        "未采纳（或部分采纳）的理由",
        blank=True,
        help_text="写入意见反馈，请勿包含提出人的个人信息。",
    )
    is_demo = models.BooleanField("演示数据", default=False)

    office_path = "consultation"

    unit_path = "consultation__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"

    def __str__(self):
        return f"意见 #{self.pk}（{self.received_at:%Y-%m-%d}）"
