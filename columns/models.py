"""
The bureau's numbered website columns (栏目), kept by offices (offices.models).

Source: the bureau's column table (序号 / 一级栏目 / 二级栏目 / 三级栏目 / 更新频率 / 负责科室).
The table is a tree: a numbered column can be the parent of another (rows 41 and 59), and the same
name can stand under two parents (乡村振兴, rows 24 and 58), so a column is a node with an optional
number rather than a row of path strings.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from history.records import PortalHistoricalRecords
from offices.models import Office
from units.models import home_unit_id
from versions.models import VersionedModel


class ColumnQuerySet(models.QuerySet):
    def tree(self):
        """
        Return the root columns, each with `tree_children` filled in, from one query.

        The tree has well under a few hundred nodes, so building it in memory beats any
        recursive query and keeps the page's query count constant.
        """
        nodes = list(self.select_related("owner_office").order_by("order", "number", "id"))
        by_id = {node.pk: node for node in nodes}
        roots = []
        for node in nodes:
            node.tree_children = []
        for node in nodes:
            parent = by_id.get(node.parent_id)
            if parent is None:
                roots.append(node)
            else:
                parent.tree_children.append(node)
        return roots


class Column(VersionedModel):
    """A column (栏目) of the bureau's website: a node of the column tree."""

    class Frequency(models.TextChoices):
        TIMELY = "timely", "及时更新"
        MONTHLY = "monthly", "每月更新"
        QUARTERLY = "quarterly", "季度更新"
        YEARLY = "yearly", "年度更新"

    class OwnerKind(models.TextChoices):
        # The collective kinds (ALL_OFFICES, RELATED_OFFICES, HANDLER) are kept by the offices
        # the head assigns in `assigned_offices`.
        OFFICE = "office", "指定科室"
        ALL_OFFICES = "all", "各科室"
        RELATED_OFFICES = "related", "各相关科室"
        HANDLER = "handler", "谁承办谁更新"
        # A grouping column that only holds numbered columns has no owner of its own.
        NONE = "none", "无（分组栏目）"

    # Owners that are not one office: kept by the offices in `assigned_offices`.
    COLLECTIVE_KINDS = (OwnerKind.ALL_OFFICES, OwnerKind.RELATED_OFFICES, OwnerKind.HANDLER)

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="columns",
        default=home_unit_id,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("栏目名称", max_length=100)
    number = models.PositiveSmallIntegerField(
        "序号",
        null=True,
        blank=True,
        help_text="栏目表中的序号；仅用于分组的上级栏目可不填。",
    )
    order = models.PositiveIntegerField("排序", default=0)
    frequency = models.CharField("更新频率", max_length=20, choices=Frequency.choices, blank=True)
    owner_kind = models.CharField(
        "负责方式", max_length=20, choices=OwnerKind.choices, default=OwnerKind.OFFICE
    )
    owner_office = models.ForeignKey(
        Office,
        verbose_name="负责科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="columns",
    )
    assigned_offices = models.ManyToManyField(
        Office,
        verbose_name="承办科室",
        blank=True,
        related_name="assigned_columns",
        help_text=(
            "负责方式为“各科室”“各相关科室”或“谁承办谁更新”时，实际维护本栏目的科室；"
            "由公开办负责人指定，这些科室的信息员可以维护本栏目。"
        ),
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ColumnQuerySet.as_manager()
    history = PortalHistoricalRecords(
        verbose_name="栏目历史版本", verbose_name_plural="栏目历史版本"
    )

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["order", "number", "id"]
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        # Beside the model permissions: who is not bound to their own offices (offices.rights).
        permissions = [("manage_all_offices", "可以管理所有科室的内容")]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="column_unique_name_under_parent"
            ),
            models.UniqueConstraint(
                fields=["unit", "name"],
                condition=Q(parent__isnull=True),
                name="column_unique_root_name",
            ),
            models.UniqueConstraint(
                fields=["unit", "number"],
                condition=Q(number__isnull=False),
                name="column_unique_number_in_unit",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}" if self.number else self.name

    def get_absolute_url(self):
        return reverse("columns:column-detail", args=[self.pk])

    @classmethod
    def office_scope(cls, offices):
        """
        Return the Q of the columns `offices` keep (offices.rights): owned by one of them, or
        collective and assigned to one of them by the head.
        """
        # A subquery rather than a join, so that a column assigned to two of the offices is
        # listed once without DISTINCT.
        assigned = cls.assigned_offices.through.objects.filter(office__in=offices)
        return Q(owner_kind=cls.OwnerKind.OFFICE, owner_office__in=offices) | Q(
            owner_kind__in=cls.COLLECTIVE_KINDS, pk__in=assigned.values("column_id")
        )

    def office_owns_new(self, office_ids):
        """Tell whether a new column would be kept by one of `office_ids` (it names its office)."""
        return self.owner_kind == self.OwnerKind.OFFICE and self.owner_office_id in office_ids

    def save(self, *args, **kwargs):
        # A column is in its parent's unit: the tree never spans two units.
        if self.parent_id is not None:
            self.unit_id = self.parent.unit_id
        super().save(*args, **kwargs)

    def clean(self):
        if self.owner_kind == self.OwnerKind.OFFICE and self.owner_office_id is None:
            raise ValidationError({"owner_office": "负责方式为“指定科室”时，请选择负责科室。"})
        if self.owner_kind != self.OwnerKind.OFFICE and self.owner_office_id is not None:
            raise ValidationError({"owner_office": "集体负责（如“各科室”）时不应再指定科室。"})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级栏目不能是本栏目或其下级栏目。"})
            ancestor = ancestor.parent
        self.clean_unit()

    def clean_unit(self):
        """Refuse a parent or an owner office of another unit (the tree is one unit's)."""
        unit_id = self.unit_id
        if self.parent is not None:
            # A moved column would take its parent's unit on save: a column changes no unit.
            if self.pk is not None and self.parent.unit_id != unit_id:
                raise ValidationError(
                    {"parent": f"上级栏目“{self.parent}”属于其他发布单位，栏目不能移到其他单位。"}
                )
            unit_id = self.parent.unit_id
        office = self.owner_office
        if office is not None and unit_id is not None and office.unit_id != unit_id:
            raise ValidationError(
                {"owner_office": f"科室“{office}”属于其他发布单位，只能选择本单位的科室。"}
            )

    @property
    def owner_label(self):
        """The owner as the column table writes it: an office's name or a collective word."""
        if self.owner_kind == self.OwnerKind.OFFICE:
            return self.owner_office.name if self.owner_office else ""
        if self.owner_kind == self.OwnerKind.NONE:
            return ""
        return self.get_owner_kind_display()

    def ancestors(self):
        """
        Return the columns above this one, root first, from one query.

        The unit's table is small, so reading its (id, parent, name) triples once beats walking
        the parents one query per level. Each ancestor is an unsaved-looking Column with only
        pk, parent_id and name set, enough for breadcrumbs and paths.
        """
        nodes = {
            pk: (parent_id, name)
            for pk, parent_id, name in Column.objects.filter(unit_id=self.unit_id).values_list(
                "pk", "parent_id", "name"
            )
        }
        chain, seen = [], {self.pk}
        parent_id = self.parent_id
        while parent_id is not None and parent_id in nodes and parent_id not in seen:
            seen.add(parent_id)
            grandparent_id, name = nodes[parent_id]
            # The unit given, so the field's default (a query for the first unit) is never read.
            chain.append(
                Column(pk=parent_id, parent_id=grandparent_id, name=name, unit_id=self.unit_id)
            )
            parent_id = grandparent_id
        return chain[::-1]

    @property
    def path_label(self):
        return " › ".join([*(c.name for c in self.ancestors()), self.name])


def walk(roots):
    """Every node of a tree built by ColumnQuerySet.tree(), parents before their children."""
    for node in roots:
        yield node
        yield from walk(node.tree_children)
