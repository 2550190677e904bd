"""
Requests for disclosure (依申请公开, 条例 第二十七条–第三十七条) and what happened to them.

`InfoRequest` is the application as received: the applicant (personal data, staff-only), the one
matter, the form and way of delivery wanted, the channel and the receipt date by the rules of
第三十一条, the handling office and the 查询码. `RequestStep` is one row per thing that happened
afterwards, with who, when and the letter sent. The phase, the due date and the urgency are
derived from the steps by inforequests.clock, never stored beside them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

import placeholders
from history.records import PortalHistoricalRecords
from inforequests import clock, codes, letter_texts, table_three
from inforequests.clock import StepKind
from offices.models import Office
from publications.attachments import validate_upload
from reviewable.models import Reviewable
from reviewable.steps import review_permissions
from units.models import home_unit_id
from versions.models import VersionedModel

FINAL_KINDS = (StepKind.ANSWERED, StepKind.CLOSED)


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", "公民"
    ORGANISATION = "organisation", "法人或其他组织"


OrganisationKind = models.TextChoices(
    "OrganisationKind", [(code, (code, label)) for code, label in table_three.ORGANISATION_KINDS]
)
Outcome = models.TextChoices(
    "Outcome", [(code, (code, row)) for code, _, row in table_three.OUTCOMES]
)
# Outcomes a case is closed with (终止办理), never answered with.
CLOSING_OUTCOMES = ("other_no_correction", "other_unpaid")


# 第二十九条: what each kind of applicant must give besides the name and the contact, with the
# message when it is missing. The model's clean() and the public form's marks both read it.
REQUIRED_BY_APPLICANT = {
    ApplicantType.CITIZEN: {
        "id_type": "公民申请请选择证件类型。",
        "id_number": "公民申请请填写证件号码。",
    },
    ApplicantType.ORGANISATION: {
        "organisation_kind": "法人或其他组织申请请选择组织类别。",
        "credit_code": "法人或其他组织申请请填写统一社会信用代码。",
        "contact_person": "法人或其他组织申请请填写联系人。",
    },
}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    OTHER = "other", "其他有效身份证件"


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（挂号信、快递等需签收）"
    ORDINARY_POST = "ordinary_post", "平常信函"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


# 第三十一条: which day counts as the day of receipt, by channel.
RECEIPT_RULES = {
    Channel.ONLINE: "以双方确认之日为收到申请之日：网上提交即时登记，登记之日为收到之日",
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日",
    Channel.REGISTERED_POST: "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
    Channel.ORDINARY_POST: "以平常信函等无需签收的邮寄方式提交的，以双方确认之日为收到申请之日",
    Channel.FAX: "以传真方式提交的，以双方确认之日为收到申请之日",
    Channel.EMAIL: "以电子邮件方式提交的，以双方确认之日为收到申请之日",
}


class FormWanted(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "自行领取"
    INSPECT = "inspect", "当场查阅"


class InfoRequestQuerySet(models.QuerySet):
    def with_final(self):
        """Annotate whether the case has its final step (answered or closed)."""
        final = RequestStep.objects.filter(request=OuterRef("pk"), kind__in=FINAL_KINDS)
        return self.annotate(is_finished=Exists(final))

    def open(self):
        return self.with_final().filter(is_finished=False)

    def for_register(self):
        """The answered cases listed in the public 依申请公开目录: no personal data on them."""
        answered = RequestStep.objects.filter(request=OuterRef("pk"), kind=StepKind.ANSWERED)
        return self.filter(Exists(answered), in_register=True).exclude(public_title="")


APPROVE_EXTENSION = "inforequests.approve_extension"


class InfoRequest(VersionedModel):
    """
    One application: one applicant, one matter (每个申请表只申请一项政府信息).

    Its handling office owns it (offices.rights): a clerk sees and acts on their office's cases
    only; the head of the disclosure office and the leaders see all, and only they assign.
    """

    office_path = "office"

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="info_requests",
        default=home_unit_id,
    )
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    organisation_kind = models.CharField(
        "组织类别",
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
        help_text="法人或其他组织必填：年度报告按此分列统计。",
    )
    name = models.CharField("姓名或名称", max_length=100)
    work_unit = models.CharField("工作单位", max_length=100, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("联系地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    fax = models.CharField("传真", max_length=30, blank=True)

    description = models.TextField("所需信息的内容描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    purpose = models.CharField("用途", max_length=200, blank=True)
    form_wanted = models.CharField("信息的指定提供形式", max_length=20, choices=FormWanted.choices)
    delivery = models.CharField("获取信息的方式", max_length=20, choices=Delivery.choices)

    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField(
        "收到申请日期",
        help_text="按《条例》第三十一条：当面提交为提交之日；挂号邮寄为签收之日；"
        "平常信函、传真、电子邮件为双方确认之日；网上申请为登记之日。",
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office = models.ForeignKey(
        Office,
        verbose_name="承办科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="info_requests",
    )
    query_code = models.CharField("查询码", max_length=20, unique=True, editable=False)

    public_title = models.CharField(
        "目录标题",
        max_length=200,
        blank=True,
        help_text="列入依申请公开目录时公开显示的信息名称，不得含申请人姓名等个人信息。",
    )
    in_register = models.BooleanField(
        "列入依申请公开目录",
        default=False,
        help_text="答复内容属于可公开的政府信息时勾选；目录只显示收到日期、目录标题、答复类型和答复日期。",
    )
    is_demo = models.BooleanField("演示数据", default=False, editable=False)

    objects = InfoRequestQuerySet.as_manager()
    history = PortalHistoricalRecords(
        verbose_name="申请历史版本", verbose_name_plural="申请历史版本"
    )

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        permissions = [("approve_extension", "批准延期答复")]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self):
        return f"{self.query_code}（{date_format(self.received_on)}）"

    def save(self, *args, **kwargs):
        if not self.query_code:
            self.query_code = codes.new_code()
        super().save(*args, **kwargs)

    def clean(self):
        errors = {
            name: message
            for name, message in REQUIRED_BY_APPLICANT.get(self.applicant_type, {}).items()
            if not getattr(self, name)
        }
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = "收到申请日期不能晚于今天。"
        if self.in_register and not self.public_title.strip():
            errors["public_title"] = "列入依申请公开目录前请填写目录标题。"
        if errors:
            raise ValidationError(errors)

    @property
    def table_column(self):
        """The column of table 三 the case counts in."""
        if self.applicant_type == ApplicantType.CITIZEN:
            return table_three.NATURAL_PERSON
        return OrganisationKind(self.organisation_kind or "other").label

    def nth_in_month(self):
        """
        Which of the applicant's applications of its calendar month to this case's unit this is
        (按件计收: counted per organ, so applications to another unit never raise the fee).
        """
        field = "credit_code" if self.credit_code else "id_number"
        value = getattr(self, field)
        if not value:
            return 1
        month = InfoRequest.objects.filter(
            **{field: value},
            unit_id=self.unit_id,
            received_on__year=self.received_on.year,
            received_on__month=self.received_on.month,
        )
        earlier = Q(received_on__lt=self.received_on) | Q(
            received_on=self.received_on, pk__lt=self.pk
        )
        return month.filter(earlier).count() + 1

    def phone_ends_with(self, digits):
        own = "".join(ch for ch in self.phone if ch.isdigit())
        return len(digits) == 4 and own.endswith(digits)

    def ordered_steps(self):
        """The steps in order; from the prefetch cache when there is one."""
        return sorted(self.steps.all(), key=lambda step: (step.on, step.created_at, step.pk or 0))

    def clock(self, calendar):
        return clock.run(self.received_on, self.ordered_steps(), calendar)

    def final_step(self):
        return next((s for s in self.ordered_steps() if s.kind in FINAL_KINDS), None)


def letter_path(step, filename):
    return f"inforequests/{step.request_id}/{filename}"


class RequestStep(models.Model):
    """One thing that happened to a request, with who, when and the letter sent."""

    class PartyKind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他机关"

    request = models.ForeignKey(
        InfoRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField("环节", max_length=30, choices=StepKind.choices)
    on = models.DateField("日期")
    due_on = models.DateField("期限", null=True, blank=True)
    days = models.PositiveSmallIntegerField("延长工作日", null=True, blank=True)
    party_kind = models.CharField(
        "征求意见对象类型", max_length=20, choices=PartyKind.choices, blank=True
    )
    party = models.CharField("征求意见对象", max_length=200, blank=True)
    fee_method = models.CharField("计费方式", max_length=20, blank=True)
    fee_quantity = models.PositiveIntegerField("当月第几件或页数", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("收费金额（元）", null=True, blank=True)
    outcome = models.CharField("答复类型", max_length=40, choices=Outcome.choices, blank=True)
    note = models.TextField("内容", blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter = models.FileField("文书", upload_to=letter_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", default=timezone.now)

    unit_path = "request__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["on", "created_at", "id"]
        verbose_name = "办理环节"
        verbose_name_plural = "办理环节"
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(kind__in=["answered", "closed"]),
                name="inforequests_one_final_step",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}（{date_format(self.on)}）"

    @property
    def outcome_group(self):
        return table_three.OUTCOME_GROUP.get(self.outcome, "")

    @property
    def outcome_label(self):
        """
        The outcome as the applicant reads it: 部分公开, 不予公开：属于国家秘密; for a closing,
        its reason alone. Never table 三's numbering and counting notes, which are for statistics.
        """
        if self.outcome in CLOSING_OUTCOMES:
            return table_three.reason(self.outcome)
        return table_three.answer_label(self.outcome)


def released_path(released, filename):
    return f"inforequests/{released.request_id}/released/{filename}"


class ReleasedFile(models.Model):
    """A file given to the applicant with the answer: staff-only until the answer is sent."""

    request = models.ForeignKey(
        InfoRequest, verbose_name="申请", on_delete=models.CASCADE, related_name="released_files"
    )
    name = models.CharField("文件名称", max_length=200)
    file = models.FileField("文件", upload_to=released_path, validators=[validate_upload])
    added_at = models.DateTimeField("添加时间", default=timezone.now)

    unit_path = "request__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = "提供的信息文件"
        verbose_name_plural = "提供的信息文件"

    def __str__(self):
        return self.name


class LetterTemplate(VersionedModel):
    """The wording of one kind of letter, as the bureau edits it (defaults: letter_texts)."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="发布单位",
        on_delete=models.PROTECT,
        related_name="letter_templates",
        default=home_unit_id,
    )
    kind = models.CharField("文书", max_length=30, editable=False)
    title = models.CharField("标题", max_length=100)
    body = models.TextField(
        "正文",
        help_text="每行一段。只能使用本文书可用的变量（写法 {{ 变量 }}，列表见本页）和 "
        "{% if 变量 %}…{% endif %}；保存前用示例数据试填，填不出的不能保存。",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    unit_path = "unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["kind"]
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="letter_template_unique_kind"),
        ]

    def __str__(self):
        return self.title

    @property
    def placeholders(self):
        """What this kind of letter may use (letter_texts.PLACEHOLDERS)."""
        return letter_texts.PLACEHOLDERS.get(self.kind, ())

    def clean(self):
        """Refuse a wording the sandbox cannot fill with the sample values, naming why."""
        placeholders.validate(self.body, self.placeholders, field="body")


class Answer(Reviewable):
    """
    The answer to a case as the clerk drafts it, reviewed before it is sent (先审后发: the head
    of the disclosure office checks it, the leader approves). Publishing it sends it: the case's
    答复 step is recorded with its letter in the same transaction (inforequests.answers.send).
    """

    office_path = "request"  # as its case (offices.rights)
    request = models.OneToOneField(
        InfoRequest, verbose_name="申请", on_delete=models.PROTECT, related_name="answer"
    )
    outcome = models.CharField(
        "答复类型",
        max_length=40,
        choices=[c for c in Outcome.choices if c[0] not in CLOSING_OUTCOMES],
    )
    note = models.TextField(
        "答复内容",
        help_text="写入答复告知书：已主动公开的告知获取途径；部分公开、不予公开、无法提供、不予处理的说明理由和依据。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = PortalHistoricalRecords(
        verbose_name="答复历史版本", verbose_name_plural="答复历史版本"
    )

    unit_path = "request__unit"  # the unit it belongs to (units.access)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "答复"
        verbose_name_plural = "答复"
        permissions = review_permissions("answer", "答复")

    def __str__(self):
        return f"申请 {self.request.query_code} 的答复"
