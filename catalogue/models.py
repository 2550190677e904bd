"""
The disclosure catalogue (政务公开标准目录): domains, channels and disclosure items.

Source: the national template (基层政务公开事项标准目录格式模板) and 民办函〔2019〕52号, plus the
公开层级 columns that most real county catalogues add.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from catalogue.channels import OTHER, WEBSITE
from history.records import PortalHistoricalRecords
from reviewable.models import Reviewable, ReviewableQuerySet
from reviewable.steps import PUBLISHED, review_permissions
from searchterms.synonyms import word_filters
from units.integrity import foreign_message, foreign_rows
from units.models import home_unit_id
from versions.models import VersionedModel

SEARCH_FIELDS = ("level1", "level2", "content", "basis")

# The three small sets of the template, each a pair of √ columns: (field, label).
AUDIENCE_FLAGS = (("audience_public", "全社会"), ("audience_specific", "特定群体"))
MODE_FLAGS = (("mode_proactive", "主动公开"), ("mode_on_request", "依申请公开"))
LEVEL_FLAGS = (("level_county", "县级"), ("level_township", "乡级"))


class DomainQuerySet(models.QuerySet):
    def with_published_counts(self):
        # Meta.ordering is dropped from GROUP BY queries, so order explicitly.
        return self.annotate(
            published_count=Count("items", filter=Q(items__status=PUBLISHED))
        ).order_by("order", "id")


class Domain(VersionedModel):
    """A pilot domain (领域), e.g. 社会救助. Data, so the other pilot domains are admin rows."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="domains",
        default=home_unit_id,
    )
    name = models.CharField("领域名称", max_length=50)
    slug = models.SlugField(
        "网址标识",
        max_length=50,
        help_text="用于网址的英文标识，如 social-assistance。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    intro = models.TextField("简介", blank=True)
    owner_office = models.ForeignKey(
        "offices.Office",
        verbose_name="主管科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="domains",
        help_text="负责本领域公开事项的科室；自查清单按科室归集本领域事项的问题。",
    )

    objects = DomainQuerySet.as_manager()
    office_path = "owner_office"  # a clerk of the 主管科室 changes its items (offices.rights)

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "领域"
        verbose_name_plural = "领域"
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="domain_unique_name_in_unit"),
            models.UniqueConstraint(fields=["unit", "slug"], name="domain_unique_slug_in_unit"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:domain-detail", args=[self.slug])

    @property
    def catalogue_title(self):
        return f"{self.name}领域基层政务公开标准目录"

    def clean(self):
        super().clean()
        office = self.owner_office
        if office is not None and self.unit_id is not None and office.unit_id != self.unit_id:
            raise ValidationError(
                {"owner_office": f"科室“{office}”属于其他发布单位，只能选择本单位的科室。"}
            )


class Channel(VersionedModel):
    """
    A disclosure channel (公开渠道和载体).

    The 13 standard channels are rows, so filtering by channel is a join, the template order is
    kept for the ■/□ cell, and a county's local channels can be added without a migration.
    """

    name = models.CharField("渠道名称", max_length=100, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_standard = models.BooleanField(
        "标准渠道", default=False, help_text="国家标准目录模板中的 13 种渠道之一。"
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"

    def __str__(self):
        return self.name


class DisclosureItemQuerySet(ReviewableQuerySet):
    def search(self, query):
        """
        Keep items whose names, content or basis contain every word of `query`.

        Plain substring matching, as searchterms.synonyms.word_filters explains: a word citizens
        use for a formal term (低保 for 最低生活保障) also matches the term.
        """
        for match in word_filters(query, SEARCH_FIELDS):
            self = self.filter(match)
        return self

    def with_channel(self, channel):
        """
        Keep the items published through `channel`, as the ■/□ cell shows it.

        其他 is ticked for an item linked to the 其他 row, to a non-standard (local) channel row,
        or with free-text other channels (see DisclosureItem.ticks_other). EXISTS subqueries
        keep each item once without DISTINCT.
        """
        links = DisclosureItem.channels.through.objects.filter(disclosureitem=OuterRef("pk"))
        if channel.name != OTHER:
            return self.filter(Exists(links.filter(channel=channel)))
        local = Q(channel=channel) | Q(channel__is_standard=False)
        return self.filter(Exists(links.filter(local)) | Q(other_channels__regex=r"\S"))

    def for_table(self):
        """Everything the catalogue table shows, in a fixed number of queries."""
        return self.select_related("domain").prefetch_related("channels", "columns")


class DisclosureItem(Reviewable):
    """One row of the catalogue: a disclosure item (公开事项) with the template's elements."""

    domain = models.ForeignKey(
        Domain, verbose_name="领域", on_delete=models.PROTECT, related_name="items"
    )
    number = models.PositiveIntegerField("序号", default=0)
    level1 = models.CharField("一级事项", max_length=200)
    level2 = models.CharField(
        "二级事项", max_length=200, blank=True, help_text="没有二级事项的可留空。"
    )
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    deadline = models.CharField("公开时限", max_length=300, blank=True)
    issuing_body = models.CharField("公开主体", max_length=300, blank=True)
    channels = models.ManyToManyField(
        Channel, verbose_name="公开渠道和载体", related_name="items", blank=True
    )
    other_channels = models.TextField(
        "其他渠道",
        blank=True,
        help_text="标准渠道以外的本地渠道，每行一个，如“12345政务服务热线”。",
    )
    audience_public = models.BooleanField("全社会", default=True)
    audience_specific = models.BooleanField("特定群体", default=False)
    mode_proactive = models.BooleanField("主动公开", default=True)
    mode_on_request = models.BooleanField("依申请公开", default=False)
    level_county = models.BooleanField("县级", default=True)
    level_township = models.BooleanField("乡级", default=False)
    columns = models.ManyToManyField(
        "columns.Column",
        verbose_name="发布栏目",
        related_name="items",
        blank=True,
        help_text="本事项的信息在网站哪些栏目发布。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    objects = DisclosureItemQuerySet.as_manager()
    office_path = "domain"  # changed by the clerks of its domain's office (offices.rights)
    # Every version, with its channels and columns (history.records): the admin's history and
    # diff, restoring an old version through the review, the public change log.
    history = PortalHistoricalRecords(
        verbose_name="公开事项历史版本",
        verbose_name_plural="公开事项历史版本",
        m2m_fields=["channels", "columns"],
    )
    # The change log names a field as the item page does: the pairs of ticks by their set.
    HISTORY_LABELS = {
        "other_channels": "公开渠道和载体",
        **{field: "公开对象" for field, _ in AUDIENCE_FLAGS},
        **{field: "公开方式" for field, _ in MODE_FLAGS},
        **{field: "公开层级" for field, _ in LEVEL_FLAGS},
    }

    unit_path = "domain__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["domain__order", "domain_id", "number", "id"]
        verbose_name = "公开事项"
        verbose_name_plural = "公开事项"
        permissions = review_permissions("disclosureitem", "公开事项")
        constraints = [
            # The spreadsheet importer matches rows on this natural key.
            models.UniqueConstraint(
                fields=["domain", "level1", "level2"], name="item_unique_natural_key"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        item = super().from_db(db, field_names, values)
        # The domain it was read with: unit_errors checks the saved columns only on a move.
        item._db_domain_id = item.__dict__.get("domain_id")
        return item

    _db_domain_id = None

    def get_absolute_url(self):
        return reverse("catalogue:item-detail", args=[self.pk])

    @property
    def name(self):
        return f"{self.level1} / {self.level2}" if self.level2 else self.level1

    def clean(self):
        errors = {}
        for field in ("level1", "content"):
            if not getattr(self, field, "").strip():
                errors[field] = "此项不能为空。"
        for flags, label in (
            (AUDIENCE_FLAGS, "公开对象"),
            (MODE_FLAGS, "公开方式"),
            (LEVEL_FLAGS, "公开层级"),
        ):
            if not any(getattr(self, field) for field, _ in flags):
                errors[flags[0][0]] = f"{label}至少选择一项。"
        errors.update(self.unit_errors())
        if errors:
            raise ValidationError(errors)

    def unit_errors(self):
        """
        The columns of another unit than the domain's: {field: Chinese message}. The columns a
        form posts are its own (links_given); else the saved ones, which an item moved to
        another unit's domain cannot keep.
        """
        if self.domain_id is None:
            return {}
        given = getattr(self, "links_given", {})
        if "columns" in given:
            ids, field = given["columns"], "columns"
        elif self.pk is not None and self.domain_id != self._db_domain_id:
            ids, field = list(self.columns.values_list("pk", flat=True)), "domain"
        else:
            return {}
        model = self._meta.get_field("columns").related_model
        strangers = foreign_rows(self.domain.unit_id, model, ids)
        return {field: foreign_message("发布栏目", strangers)} if strangers else {}

    def _labels(self, flags):
        return [label for field, label in flags if getattr(self, field)]

    @property
    def audience_labels(self):
        return self._labels(AUDIENCE_FLAGS)

    @property
    def mode_labels(self):
        return self._labels(MODE_FLAGS)

    @property
    def level_labels(self):
        return self._labels(LEVEL_FLAGS)

    @property
    def other_channel_list(self):
        return [line.strip() for line in self.other_channels.splitlines() if line.strip()]

    @property
    def ticks_other(self):
        """
        Return True if the template's 其他 box is ticked (■其他) for this item.

        The one definition the page, the search filter (DisclosureItemQuerySet.with_channel) and
        the exports share: linked to the 其他 row, to a local (non-standard) channel row, or with
        free-text other channels. Reads prefetched channels when there are some.
        """
        if self.other_channel_list:
            return True
        return any(c.name == OTHER or not c.is_standard for c in self.channels.all())

    def publishing_warnings(self, channel_names=None):
        """
        Return the problems an evaluator would flag, as Chinese sentences; none stops a save.

        `channel_names` lets a form check channels it has not saved yet.
        """
        if channel_names is None:
            channel_names = {channel.name for channel in self.channels.all()}
        warnings = []
        if self.mode_proactive and WEBSITE not in channel_names:
            warnings.append("主动公开的事项应当选择“政府网站”渠道（政府网站是信息发布第一平台）。")
        return warnings
