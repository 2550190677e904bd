"""
Broken links (失效链接): what `manage.py check_links` found in published bodies and attachments.

Each run replaces the list: a link fixed since the last run disappears, one still broken keeps
the day it was first found.
"""

from django.db import models

from publications.models import Attachment, Publication


class BrokenLink(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", "站内链接"
        EXTERNAL = "external", "外部链接"
        ATTACHMENT = "attachment", "附件"

    publication = models.ForeignKey(
        Publication, verbose_name="所在信息", on_delete=models.CASCADE, related_name="+"
    )
    attachment = models.ForeignKey(
        Attachment,
        verbose_name="附件",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    url = models.CharField("链接", max_length=2000)
    problem = models.CharField("问题", max_length=300)
    first_found = models.DateTimeField("首次发现时间")
    last_checked = models.DateTimeField("最近检查时间")

    unit_path = "publication__column__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["publication_id", "id"]
        verbose_name = "失效链接"
        verbose_name_plural = "失效链接"

    def __str__(self):
        return self.url


class LastCheck(models.Model):
    """
    A unit's last self-check on its day: what a parent unit's table of its children shows.

    Written by every run for today (the staff page, the export, `manage.py selfcheck`), so a
    county reads its towns' counts in one query instead of running every town's rules.
    """

    unit = models.OneToOneField(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.CASCADE,
        related_name="last_check",
    )
    checked_on = models.DateField("检查日期")
    checked_at = models.DateTimeField("检查时间")
    problems = models.PositiveIntegerField("问题数")
    passed = models.BooleanField("国家政府网站抽查合格")
    counts = models.JSONField("各类问题数", default=dict, blank=True)

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        verbose_name = "自查结果"
        verbose_name_plural = "自查结果"

    def __str__(self):
        return f"{self.unit}：{self.problems} 个问题（{self.checked_on}）"
