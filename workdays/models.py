"""
The bureau's working-day calendar as data: each year's schedule of days off and make-up days.

A year's schedule comes from the State Council's notice (国务院办公厅关于YYYY年部分节假日安排的
通知): its days off (放假, the weekend days inside a holiday block included) and its make-up
working days (调休上班). Every other day of a scheduled year is a working day Monday to Friday.
A year without a schedule is counted the same way but marked estimated (workdays.calendar).

CalendarVersion is one row whose token changes in the same transaction as any change of the
calendar, so every process sees an edit at its next request.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from versions.models import VersionedModel


def new_token():
    return uuid.uuid4().hex


class CalendarVersion(models.Model):
    """The calendar's version: `number` counts changes, `token` is new with each one."""

    number = models.BigIntegerField("版本号", default=0)
    token = models.CharField("版本标识", max_length=32, default=new_token)

    class Meta:
        verbose_name = verbose_name_plural = "工作日历版本"

    def __str__(self):
        return f"工作日历第 {self.number} 版"


class Schedule(VersionedModel):
    """One year's holiday schedule and the notice it was taken from."""

    class Source(models.TextChoices):
        PACKAGE = "package", "软件包自带数据"
        PERSON = "person", "人工录入"

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice_title = models.CharField("通知标题", max_length=200, blank=True)
    notice_text = models.TextField(
        "通知正文", blank=True, help_text="国务院办公厅节假日安排通知中关于放假和上班的文字。"
    )
    source = models.CharField("来源", max_length=16, choices=Source, default=Source.PERSON)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords(verbose_name="节假日安排历史")

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.year}年节假日安排"

    @property
    def entered_by_person(self):
        """A person entered or edited this year: seeding from the package never overwrites it."""
        return self.source == self.Source.PERSON


class ScheduleDay(models.Model):
    """A day off or a make-up working day of a scheduled year."""

    class Kind(models.TextChoices):
        OFF = "off", "放假"
        WORK = "work", "上班"

    schedule = models.ForeignKey(
        Schedule, verbose_name="节假日安排", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=Kind)
    name = models.CharField("节日", max_length=40, blank=True)
    history = HistoricalRecords(verbose_name="节假日安排日期历史")

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "放假或调休上班日"

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    def clean(self):
        if self.date and self.schedule_id and self.date.year != self.schedule.year:
            raise ValidationError(
                {"date": f"{self.date.isoformat()} 不在 {self.schedule.year} 年内。"}
            )
