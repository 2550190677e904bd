"""The bureau's offices (科室): who owns domains and columns, and whose clerks change them."""

from django.conf import settings
from django.db import models

from units.models import home_unit_id
from versions.models import VersionedModel


class Office(VersionedModel):
    """
    An office (科室) of the bureau that owns columns and domains.

    Its members (clerks) may change only what the office owns: see offices.rights.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="offices",
        default=home_unit_id,
    )
    name = models.CharField("科室名称", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="科室人员",
        blank=True,
        related_name="offices",
        help_text="本科室的信息员：只能新增和修改本科室负责的事项、栏目和栏目信息。",
    )

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "科室"
        verbose_name_plural = "科室"
        # The table of the days when offices lived in the columns app; renaming it buys nothing.
        db_table = "columns_office"
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="office_unique_name_in_unit"),
        ]

    def __str__(self):
        return self.name
