"""
Publications (信息): the documents the bureau publishes under its columns, with attachments.

A publication carries the metadata block of a Chinese government document page (索引号, 名称,
发布机构, 发布日期, 成文日期, 文号, 主题分类, 有效性, 公开方式). Its 索引号 is allocated when it is
first published (IndexSequence.objects.allocate), so drafts never use up numbers.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Value, When
from django.db.models.lookups import IContains
from django.urls import reverse
from django.utils import timezone

from history.records import PortalHistoricalRecords
from offices.models import Office
from publications import attachments, index_numbers, rendering
from reviewable.models import Reviewable, ReviewableQuerySet
from reviewable.steps import PUBLISHED, review_permissions
from searchterms.synonyms import number_key, number_key_expression, search_terms, word_filters
from units.integrity import foreign_message, foreign_rows
from units.models import home_unit_id

# What the public search looks in: the title, the body as typed (text or Markdown) and the
# column's name, which the result shows; besides, the 文号 in any brackets and an
# interpretation's label (_shown_match).
SEARCH_FIELDS = ("title", "body", "column__name")
NEWEST_FIRST = (F("published_on").desc(nulls_last=True), "-id")


class IndexSequenceManager(models.Manager):
    def allocate(self, day, unit):
        """
        Take the next index number of `unit` in the month of `day`: each unit counts its own.

        The counter row is created if missing (an insert that ignores a conflict, so two first
        publications of a month cannot both create it) and bumped by an UPDATE, which holds the
        row's lock until the surrounding transaction ends: concurrent publishers queue on it and
        each reads back its own value.
        """
        period = f"{day:%Y%m}"
        with transaction.atomic():
            self.bulk_create([self.model(unit=unit, period=period, last=0)], ignore_conflicts=True)
            counter = self.filter(unit=unit, period=period)
            counter.update(last=F("last") + 1)
            number = counter.values_list("last", flat=True).get()
        return index_numbers.format_index_number(unit.code, period, number)


class IndexSequence(models.Model):
    """The last running number handed out in one month (period `YYYYMM`)."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="index_sequences",
        default=home_unit_id,
    )
    period = models.CharField("年月", max_length=6)
    last = models.PositiveIntegerField("已用流水号", default=0)

    objects = IndexSequenceManager()

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        verbose_name = "索引号流水"
        verbose_name_plural = "索引号流水"
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="index_sequence_unique_period"),
        ]

    def __str__(self):
        return f"{self.period}: {self.last}"


class PublicationQuerySet(ReviewableQuerySet):
    def search(self, query):
        """
        Keep publications whose title, 文号, body, column or label contain every word of `query`.

        The same matching as the catalogue's items (searchterms.synonyms.word_filters), synonyms
        included, so a citizen's word finds items and documents alike.
        """
        for match in word_filters(query, SEARCH_FIELDS, also=_shown_match):
            self = self.filter(match)
        return self

    def of_domain(self, domain):
        """
        Keep the publications that name a published item of `domain` (对应事项).

        A publication has no domain of its own and its column is often shared (部门文件), so the
        items it fulfils say which domain it serves, as the item pages that list it do.
        """
        links = Publication.items.through.objects.filter(
            publication=OuterRef("pk"),
            disclosureitem__domain=domain,
            disclosureitem__status=PUBLISHED,
        )
        return self.filter(Exists(links))

    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)

    def best_first(self, query):
        """
        Order the documents `query` names first (a word or synonym in the title or 文号), then
        newest first: a citizen who types a title or a 文号 wants that document before the
        newer ones that only mention it. One CASE in the ORDER BY, alike on both databases.
        """
        named = Q()
        for term in search_terms(query):
            named |= Q(title__icontains=term) | _number_match(term)
        if not named:
            return self.newest_first()
        return self.order_by(Case(When(named, then=Value(0)), default=Value(1)), *NEWEST_FIRST)

    def last_published_by_column(self):
        """{column id: date of its latest published publication}, from one query."""
        rows = (
            self.published()
            .exclude(published_on=None)
            .order_by()
            .values("column_id")
            .annotate(last=Max("published_on"))
        )
        return {row["column_id"]: row["last"] for row in rows}

    def delete_with_files(self):
        """
        Delete these publications (attachments cascade) and, once committed, the stored files.

        The files go only after the commit, so a rolled-back delete keeps them. Returns
        (publications deleted, files removed).
        """
        names = list(
            Attachment.objects.filter(publication__in=self)
            .exclude(file="")
            .values_list("file", flat=True)
        )
        _, per_model = self.delete()
        storage = Attachment._meta.get_field("file").storage

        def remove_files():
            for name in names:
                storage.delete(name)

        transaction.on_commit(remove_files)
        return per_model.get(Publication._meta.label, 0), len(names)


def _number_match(term):
    """A Q for the 文号 that contain `term`, brackets and spaces left out of both."""
    key = number_key(term)
    if not key:  # only brackets: they alone would match every 文号
        return Q()
    return Q(IContains(number_key_expression("document_number"), key))


def _shown_match(term):
    """
    A Q for what a result shows beyond plain fields: the 文号 whatever brackets `term` is typed
    with, and the interpretations whose label (政策解读（图解）) contains `term`.
    """
    folded = term.casefold()
    forms = [
        form
        for form in Publication.InterpretationForm.values
        if folded in interpretation_label(form).casefold()
    ]
    labels = Q(interpretation_form__in=forms) if forms else Q()
    return _number_match(term) | labels


def interpretation_label(form):
    """
    What pages and search results call an interpretation of `form`: 政策解读（简明问答）.

    Search matches the same words, so a citizen who types 政策解读 finds what the pages name so.
    """
    if not form:
        return ""
    return f"政策解读（{Publication.InterpretationForm(form).label}）"


class Publication(Reviewable):
    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        REPEALED = "repealed", "已废止"
        SUPERSEDED = "superseded", "已被替代"

    class Kind(models.TextChoices):
        """What the annual report's table 二 counts (第二十条第（一）项)."""

        OTHER = "other", "其他"
        NORMATIVE = "normative", "行政规范性文件"
        RULE = "rule", "规章"

    class Mode(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_REQUEST = "on_request", "依申请公开"

    class InterpretationForm(models.TextChoices):
        """政策解读的形式 (seed 004 item 5: not a copy of the policy)."""

        TEXT = "text", "文字"
        GRAPHIC = "graphic", "图解"
        QA = "qa", "简明问答"
        MEDIA = "media", "音视频"

    class Topic(models.TextChoices):
        SOCIAL_ASSISTANCE = "social_assistance", "社会救助"
        ELDERLY_CARE = "elderly_care", "养老服务"
        SOCIAL_WELFARE = "social_welfare", "社会福利"
        SOCIAL_AFFAIRS = "social_affairs", "社会事务"
        SOCIAL_ORGANISATIONS = "social_organisations", "社会组织"
        CHARITY = "charity", "慈善事业"
        FINANCE = "finance", "财政资金"
        ORGANISATION = "organisation", "机构职能"
        GENERAL = "general", "综合政务"

    column = models.ForeignKey(
        "columns.Column",
        verbose_name="所属栏目",
        on_delete=models.PROTECT,
        related_name="publications",
    )
    title = models.CharField("名称", max_length=300)
    issuer = models.CharField("发布机构", max_length=200, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    written_on = models.DateField(
        "成文日期",
        null=True,
        blank=True,
        help_text="信息制定或获取之日；“及时更新”栏目的公开时限（工作日）从这一天起算。",
    )
    document_number = models.CharField("文号", max_length=100, blank=True)
    topic = models.CharField(
        "主题分类", max_length=30, choices=Topic.choices, default=Topic.GENERAL
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    repealed_on = models.DateField(
        "失效日期",
        null=True,
        blank=True,
        help_text="有效性改为“已废止”或“已被替代”时自动记为当天，可修改为实际失效日期。",
    )
    document_kind = models.CharField(
        "文件类型", max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    normative_code = models.CharField(
        "统一编号",
        max_length=60,
        blank=True,
        help_text="行政规范性文件的统一登记编号。",
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    mode = models.CharField("公开方式", max_length=20, choices=Mode.choices, default=Mode.PROACTIVE)
    body = models.TextField(
        "正文",
        blank=True,
        help_text="纯文本段落或 Markdown（标题、列表、表格、链接）；不支持 HTML 代码，输入的 HTML 将原样显示为文字。",
    )
    interprets = models.ManyToManyField(
        "self",
        verbose_name="解读的政策",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        help_text="本信息是政策解读时，选择它解读的政策文件（可多选）；政策页面会显示“政策解读”链接。",
    )
    interpretation_form = models.CharField(
        "解读形式", max_length=20, choices=InterpretationForm.choices, blank=True
    )
    drafting_office = models.ForeignKey(
        Office,
        verbose_name="起草科室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="政策解读由政策的起草科室负责（谁起草谁解读）。",
    )
    needs_interpretation = models.BooleanField(
        "需要解读",
        default=False,
        help_text="需解读的政策应与解读同步审签、同步发布；提交时没有解读会列入自查问题清单。",
    )
    index_number = models.CharField(
        "索引号",
        max_length=60,
        blank=True,
        editable=False,
        help_text="首次发布时自动生成，不可修改，也不会重复使用。",
    )
    items = models.ManyToManyField(
        "catalogue.DisclosureItem",
        verbose_name="对应事项",
        related_name="publications",
        blank=True,
        help_text=(
            "本信息落实的公开事项：事项页面只列出对应的信息，自查清单按各事项的公开时限检查。"
            "可选事项中，所属栏目关联的事项列在前面。"
        ),
    )
    is_demo = models.BooleanField(
        "演示数据", default=False, help_text="由演示数据命令生成，正式上线前应删除。"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True, db_index=True)

    objects = PublicationQuerySet.as_manager()
    office_path = "column"  # changed by the clerks who keep its column (offices.rights)
    # Every version, with the items it names (history).
    history = PortalHistoricalRecords(
        verbose_name="栏目信息历史版本",
        verbose_name_plural="栏目信息历史版本",
        m2m_fields=["items"],
    )

    unit_path = "column__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        verbose_name = "栏目信息"
        verbose_name_plural = "栏目信息"
        permissions = review_permissions("publication", "栏目信息")
        constraints = [
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~Q(index_number=""),
                name="publication_unique_index_number",
            ),
        ]
        indexes = [models.Index(fields=["column", "status", "published_on"])]

    def __str__(self):
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values):
        publication = super().from_db(db, field_names, values)
        # The column it was read with: unit_errors checks the saved links only on a move.
        publication._db_column_id = publication.__dict__.get("column_id")
        return publication

    _db_column_id = None

    def save(self, *args, **kwargs):
        filled = set()
        if not self.issuer:
            self.issuer = self.column.unit.name
            filled.add("issuer")
        if self.validity == self.Validity.VALID:
            if self.repealed_on is not None:
                self.repealed_on = None
                filled.add("repealed_on")
        elif self.repealed_on is None:
            self.repealed_on = timezone.localdate()
            filled.add("repealed_on")
        if self.is_published and self.published_on is None:
            self.published_on = timezone.localdate()
            filled.add("published_on")
        if self.is_published and not self.index_number:
            self.index_number = IndexSequence.objects.allocate(self.published_on, self.column.unit)
            filled.add("index_number")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *filled}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:publication-detail", args=[self.pk])

    @property
    def is_interpretation(self):
        return bool(self.interpretation_form)

    @property
    def interpretation_label(self):
        return interpretation_label(self.interpretation_form)

    @property
    def is_current(self):
        return self.validity == self.Validity.VALID

    @property
    def body_html(self):
        """The body as safe HTML (publications.rendering): raw HTML shown as text."""
        return rendering.render_body(self.body)

    def clean(self):
        errors = {}
        if self.validity == self.Validity.SUPERSEDED and self.superseded_by_id is None:
            errors["superseded_by"] = "有效性为“已被替代”时，请选择替代它的文件。"
        if self.superseded_by_id is not None and self.superseded_by_id == self.pk:
            errors["superseded_by"] = "替代文件不能是本文件。"
        if self.status == self.Status.PUBLISHED and self.published_on is None:
            errors["published_on"] = "发布前请填写发布日期。"
        if self.document_kind == self.Kind.NORMATIVE and not self.normative_code.strip():
            errors["normative_code"] = "行政规范性文件请填写统一编号。"
        if self.written_on and self.published_on and self.written_on > self.published_on:
            errors["written_on"] = "成文日期不能晚于发布日期。"
        if self.interpretation_form and self.needs_interpretation:
            errors["needs_interpretation"] = "政策解读本身不需要再解读，请取消勾选。"
        errors.update(self.unit_errors())
        if errors:
            raise ValidationError(errors)

    def unit_errors(self):
        """The links to rows of another unit than the column's: {field: Chinese message}."""
        errors = {}
        if self.column_id is None:
            return errors
        unit_id = self.column.unit_id
        successor = self.superseded_by
        if successor is not None and successor.column.unit_id != unit_id:
            errors["superseded_by"] = (
                f"替代文件“{successor}”属于其他发布单位，只能选择本单位的信息。"
            )
        office = self.drafting_office
        if office is not None and office.unit_id != unit_id:
            errors["drafting_office"] = f"科室“{office}”属于其他发布单位，只能选择本单位的科室。"
        # The links a form posts are its own to check (links_given); else the saved ones: a
        # publication moved to another unit's column keeps none of them.
        given = getattr(self, "links_given", {})
        for field, label in (("items", "对应事项"), ("interprets", "解读的政策")):
            if field in given:
                ids = given[field]
            elif self.pk is not None and self.column_id != self._db_column_id:
                ids = list(getattr(self, field).values_list("pk", flat=True))
            else:
                continue
            model = self._meta.get_field(field).related_model
            strangers = foreign_rows(unit_id, model, ids)
            if strangers:
                errors[field if field in given else "column"] = foreign_message(label, strangers)
        return errors


class Attachment(models.Model):
    """A file attached to a publication: pdf, xlsx, docx, jpg or png, checked by its content."""

    publication = models.ForeignKey(
        Publication, verbose_name="所属信息", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("附件名称", max_length=200, blank=True)
    file = models.FileField(
        "文件", upload_to="attachments/%Y/%m/", validators=[attachments.validate_upload]
    )
    kind = models.CharField("类型", max_length=10, choices=attachments.KIND_CHOICES, editable=False)
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    office_path = "publication"  # as its publication (offices.rights)

    unit_path = "publication__column__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        # A newly uploaded file is not yet committed to storage: read its kind from its bytes.
        if self.file and not getattr(self.file, "_committed", True):
            self.kind = attachments.sniff(self.file) or ""
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:attachment-download", args=[self.pk])

    def content_kind(self):
        """Return the file's kind, read from its bytes while it is not saved yet (the guard asks)."""
        return self.kind or attachments.sniff(self.file)

    @property
    def display_name(self):
        return self.title or self.file.name.rsplit("/", 1)[-1]
