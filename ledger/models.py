"""
The bureau's work ledger (工作台账): a year's disclosure tasks, who does them and by when.

A Ledger (the year's 重点工作台账 or 工作要点和分工, with its 文号 and date) holds Tasks in two
levels as the documents number them (一、… / （一）…) and numbered Requirements (具体要求), each
with its lead, supporting and guiding offices and its deadline as written plus what it means
(ledger.deadlines). Office names are kept as written; those that name one of the bureau's offices
are linked to it (OfficeName maps the others once a person has said which office they mean).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from columns.models import Column
from ledger import deadlines, responsibility
from ledger.deadlines import Recurrence
from offices.models import Office
from publications.models import Publication
from reviewable.models import Reviewable, ReviewableQuerySet
from reviewable.steps import DRAFT, PUBLISHED, review_permissions
from units.models import home_unit_id
from versions.models import VersionedModel


class LedgerQuerySet(models.QuerySet):
    def public(self):
        return self.filter(publication__status=Publication.Status.PUBLISHED)


class Ledger(VersionedModel):
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="ledgers",
        default=home_unit_id,
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("台账名称", max_length=200)
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    owner_office = models.ForeignKey(
        Office,
        verbose_name="牵头科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledgers",
    )
    column = models.ForeignKey(
        Column,
        verbose_name="公开栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledgers",
        help_text="台账及其进展在哪个栏目下公开，通常为“监督保障 › 工作推进”。",
    )
    publication = models.OneToOneField(
        Publication,
        verbose_name="公开信息",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="ledger",
        help_text="台账经审核发布为所在栏目的一条信息后，台账页面和已发布的进展才对公众公开。",
    )
    is_demo = models.BooleanField(
        "演示数据", default=False, help_text="由演示数据命令生成，正式上线前应删除。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LedgerQuerySet.as_manager()

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-year"]
        verbose_name = "工作台账"
        verbose_name_plural = "工作台账"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="ledger_unique_year_in_unit"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledger:ledger-detail", args=[self.year])

    @property
    def is_public(self):
        return self.publication is not None and self.publication.is_published


class Task(VersionedModel):
    """A task (工作任务): level 1 "一、…", or level 2 "（一）…" under one."""

    ledger = models.ForeignKey(
        Ledger, verbose_name="台账", on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
    )
    title = models.CharField("工作任务", max_length=500)
    order = models.PositiveIntegerField("排序", default=0)

    unit_path = "ledger__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"

    def __str__(self):
        return self.title

    @property
    def level(self):
        return 1 if self.parent_id is None else 2


class RequirementQuerySet(ReviewableQuerySet):
    def with_tasks(self):
        return self.select_related("task", "subtask", "ledger").order_by("order", "id")


class Requirement(Reviewable):
    """
    A numbered requirement (具体要求 / 具体事项) with its offices and deadline.

    Reviewed (reviewable): a requirement is published with its ledger (publish_with), and a
    change to a published one becomes a revision that goes through the review while the
    ledger page keeps the published text; one added to a public ledger later is a draft until
    its own review publishes it.
    """

    # The fields a ledger file sets: the import writes these, the admin shows them.
    FROM_FILE = (
        *("task", "subtask", "number", "text"),
        *("lead_names", "support_names", "guide_names"),
        *("deadline_text", "due", "ongoing", "recurrence", "order"),
    )

    ledger = models.ForeignKey(
        Ledger, verbose_name="台账", on_delete=models.CASCADE, related_name="requirements"
    )
    task = models.ForeignKey(
        Task, verbose_name="工作任务", on_delete=models.CASCADE, related_name="requirements"
    )
    subtask = models.ForeignKey(
        Task,
        verbose_name="二级任务",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtask_requirements",
    )
    number = models.CharField("序号", max_length=20, blank=True)
    text = models.TextField("具体要求")
    lead_names = models.JSONField("牵头单位（原文）", default=list, blank=True)
    support_names = models.JSONField("配合单位（原文）", default=list, blank=True)
    guide_names = models.JSONField("指导单位（原文）", default=list, blank=True)
    offices = models.ManyToManyField(
        Office, verbose_name="责任科室", through="Responsibility", blank=True
    )
    deadline_text = models.CharField("时限要求（原文）", max_length=100, blank=True)
    due = models.DateField("完成期限", null=True, blank=True)
    ongoing = models.BooleanField("持续推进", default=False)
    recurrence = models.CharField(
        "重复要求", max_length=20, choices=Recurrence.choices, blank=True, default=""
    )
    order = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RequirementQuerySet.as_manager()

    unit_path = "ledger__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "具体要求"
        verbose_name_plural = "具体要求"
        permissions = review_permissions("requirement", "台账要求")

    @classmethod
    def publish_with(cls, ledger):
        """Publish the ledger's draft requirements: its publication's review covered them."""
        return cls.objects.filter(ledger=ledger, status=DRAFT).update(status=PUBLISHED)

    def __str__(self):
        return f"{self.number} {self.text[:40]}".strip()

    def clean(self):
        if self.ongoing and self.due:
            raise ValidationError(
                {"due": "持续推进的要求没有完成期限，请清空期限或取消“持续推进”。"}
            )

    def interpret_deadline(self):
        """Set due, ongoing and recurrence from the written deadline and text."""
        meaning = deadlines.interpret(self.deadline_text, self.ledger.year)
        self.due, self.ongoing = meaning.due, meaning.ongoing
        self.recurrence = deadlines.recurrence_in(self.text)

    def due_dates(self):
        """Every due date: the repeating ones within the ledger's year up to the deadline, and it."""
        dates = deadlines.repeating_due_dates(self.recurrence, self.ledger.year)
        if self.due:
            dates = [day for day in dates if day <= self.due]
        if self.due and self.due not in dates:
            dates.append(self.due)
        return sorted(dates)

    @property
    def offices_text(self):
        return responsibility.compose(self.lead_names, self.support_names)

    @property
    def guide_text(self):
        return responsibility.join_names(self.guide_names)

    def names_by_role(self):
        return {
            Responsibility.Role.LEAD: self.lead_names,
            Responsibility.Role.SUPPORT: self.support_names,
            Responsibility.Role.GUIDE: self.guide_names,
        }


class Responsibility(models.Model):
    """A requirement's link to one of the bureau's offices, in one role."""

    class Role(models.TextChoices):
        LEAD = "lead", "牵头"
        SUPPORT = "support", "配合"
        GUIDE = "guide", "指导"

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE)
    office = models.ForeignKey(Office, verbose_name="科室", on_delete=models.CASCADE)
    role = models.CharField("职责", max_length=10, choices=Role.choices)

    unit_path = "requirement__ledger__unit"  # the unit it belongs to (units.access)

    class Meta:
        verbose_name = "责任科室"
        verbose_name_plural = "责任科室"
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "office", "role"], name="ledger_responsibility_unique"
            )
        ]

    def __str__(self):
        return f"{self.office} {self.get_role_display()}"


class OfficeName(VersionedModel):
    """
    An office name a ledger uses that is not one of the bureau's office names.

    Left without an office it is listed for a person to map (another bureau's 处室, "其他部门
    （单位）", "等" are kept as written); once mapped, every requirement naming it links to the office.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="ledger_office_names",
        default=home_unit_id,
    )
    name = models.CharField("台账中的名称", max_length=100)
    office = models.ForeignKey(
        Office,
        verbose_name="对应科室",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledger_names",
        help_text="留空表示不是本单位科室（如其他单位、“等”）。",
    )
    not_an_office = models.BooleanField(
        "确认不是本单位科室", default=False, help_text="勾选后不再列入待对照名单。"
    )

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["name"]
        verbose_name = "科室名称对照"
        verbose_name_plural = "科室名称对照"
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="office_name_unique_in_unit"),
        ]

    def __str__(self):
        return self.name


class ProgressEntry(Reviewable):
    """
    A report of what was done on a requirement, by one of its offices.

    It goes through the one review (reviewable) before the public sees it; a clerk writes
    entries for their own offices (office_path, offices.rights) on requirements those offices
    lead or support (ledger.rights).
    """

    office_path = "office"

    class State(models.TextChoices):
        NOT_STARTED = "not_started", "未开始"
        IN_PROGRESS = "in_progress", "推进中"
        DONE = "done", "已完成"
        DELAYED = "delayed", "延期"

    requirement = models.ForeignKey(
        Requirement, verbose_name="具体要求", on_delete=models.CASCADE, related_name="progress"
    )
    office = models.ForeignKey(
        Office, verbose_name="填报科室", on_delete=models.PROTECT, related_name="ledger_progress"
    )
    reported_on = models.DateField("填报日期", default=datetime.date.today)
    text = models.TextField("进展情况")
    state = models.CharField("推进状态", max_length=20, choices=State.choices)
    reason = models.TextField("延期原因", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ReviewableQuerySet.as_manager()

    unit_path = "requirement__ledger__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = "工作进展"
        verbose_name_plural = "工作进展"
        permissions = review_permissions("progressentry", "工作进展")

    def __str__(self):
        return f"{self.requirement} · {self.get_state_display()}"

    def office_reports_on_requirement(self):
        """Whether the office leads or supports the requirement, or owns the ledger."""
        requirement = self.requirement
        if requirement.ledger.owner_office_id == self.office_id:
            return True
        return Responsibility.objects.filter(
            requirement=requirement,
            office_id=self.office_id,
            role__in=(Responsibility.Role.LEAD, Responsibility.Role.SUPPORT),
        ).exists()

    @classmethod
    def public_filter(cls):
        """The entries the public may see: those the review published."""
        return models.Q(status=PUBLISHED)

    def clean(self):
        errors = {}
        if self.state == self.State.DELAYED and not self.reason.strip():
            errors["reason"] = "状态为“延期”时，请填写延期原因。"
        if self.requirement_id and self.office_id and not self.office_reports_on_requirement():
            errors["office"] = (
                "该科室不是这项要求的牵头或配合单位，也不是台账的牵头科室，不能填报进展。"
            )
        if errors:
            raise ValidationError(errors)


class PendingImport(models.Model):
    """
    An uploaded ledger file waiting between the preview and the confirm.

    The file is in the default storage (not the session, not a local path), so any app server
    can confirm it; with it, the versions of the requirements the preview read, so a confirm
    never overwrites a change made meanwhile. Confirming or a newer upload removes it.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="pending_ledger_imports",
        default=home_unit_id,
    )
    token = models.CharField("确认码", max_length=64, unique=True)
    file = models.FileField("文件", upload_to="ledger-imports/")
    name = models.CharField("文件名", max_length=255)
    fields = models.JSONField("导入选项", default=dict)
    versions = models.JSONField("预览时的版本", default=dict)
    fingerprint = models.CharField("预览摘要", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        verbose_name = "待确认的台账导入"
        verbose_name_plural = "待确认的台账导入"

    def __str__(self):
        return self.name

    def discard(self):
        """Remove the record and its file."""
        self.file.delete(save=False)
        self.delete()
