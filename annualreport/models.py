"""
The annual report (政府信息公开工作年度报告) of one year, in the six sections of 国办公开办函〔2021〕30号.

Table 二's regulation counts are computed from publications (annualreport.figures); the decision
counts and the fee are entered by staff with a note of their source; table 三 is filled from the
request register and table 四 entered, both kept as grids here so the report is what was
submitted even if the register changes later. It is published as a publication in column 53
公开年报, so it goes through the one review before the public sees it.

The report is reviewable (reviewable.Reviewable): it becomes published with its publication
(annualreport.publishing.follow_publication), and from then on every change to it is a
revision that goes through the same review while the public keeps the published text.
"""

from django.db import models
from django.urls import reverse

from annualreport import tables
from publications.models import Publication
from reviewable.models import Reviewable
from reviewable.steps import review_permissions
from units.models import home_unit_id


class AnnualReport(Reviewable):
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="annual_reports",
        default=home_unit_id,
    )
    year = models.PositiveSmallIntegerField("年度")
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    licensing_count = models.IntegerField("行政许可 本年处理决定数量", null=True, blank=True)
    punishment_count = models.IntegerField("行政处罚 本年处理决定数量", null=True, blank=True)
    enforcement_count = models.IntegerField("行政强制 本年处理决定数量", null=True, blank=True)
    fee_amount = models.DecimalField(
        "行政事业性收费 本年收费金额（万元）",
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
    )
    entered_sources = models.TextField(
        "填报数据来源",
        blank=True,
        help_text="行政许可、行政处罚、行政强制数量和收费金额的出处，如“审批股业务系统导出，2027-01-05”。",
    )
    table_three = models.JSONField(
        "表三 收到和处理政府信息公开申请情况", default=tables.empty_table_three
    )
    table_three_source = models.CharField("表三来源", max_length=200, blank=True)
    table_four = models.JSONField("表四 行政复议、行政诉讼情况", default=tables.empty_table_four)
    table_four_source = models.CharField("表四来源", max_length=200, blank=True)
    publication = models.OneToOneField(
        Publication,
        verbose_name="公开信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annual_report",
    )
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-year"]
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        permissions = review_permissions("annualreport", "年度报告")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="annual_report_unique_year"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """A draft report linked to a published publication was reviewed as it: published."""
        if (
            self.status == self.Status.DRAFT
            and self.publication_id is not None
            and Publication.objects.filter(
                pk=self.publication_id, status=Publication.Status.PUBLISHED
            ).exists()
        ):
            self.status = self.Status.PUBLISHED
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "status"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("annualreport:report-detail", args=[self.year])

    @property
    def title(self):
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_published(self):
        """Public: its text is published and so is the publication that carries it."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publication is not None
            and self.publication.is_published
        )
