"""
Publishing units (发布单位): the bureau, its towns, a city's or a province's counties.

Everything a unit writes belongs to exactly one unit; the working-day calendar, the domains'
vocabulary of channels and the platform's users stay shared. A small table, read by primary key
or slug once per request (units.middleware), never listed row by row on a page that grows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as NumberError

from versions.models import VersionedModel


class Kind(models.TextChoices):
    PROVINCE = "province", "省级民政部门"
    CITY = "city", "市级民政部门"
    COUNTY = "county", "县级民政部门"
    TOWN = "town", "乡镇（街道）"


class Level(models.TextChoices):
    """The 公开层级 a unit publishes: the catalogue's 县级 or 乡级 rows."""

    COUNTY = "county", "县级"
    TOWN = "town", "乡级"


def validate_code(value):
    """Refuse a 统一社会信用代码 whose check character or form is wrong (GB 32100-2015)."""
    try:
        uscc.validate(value)
    except NumberError as error:
        raise ValidationError(
            "统一社会信用代码“%(code)s”不正确：应为18位，最后一位为校验码（%(reason)s）。",
            params={"code": value, "reason": NUMBER_ERRORS.get(type(error).__name__, "格式错误")},
            code="uscc",
        ) from error


NUMBER_ERRORS = {
    "InvalidLength": "位数不是18位",
    "InvalidChecksum": "校验码不符",
    "InvalidFormat": "含有不允许的字符",
    "InvalidComponent": "登记管理部门或机构类别代码不正确",
}


class UnitQuerySet(models.QuerySet):
    def live(self):
        return self.filter(is_live=True)

    def home(self):
        """
        Return the unit at the site's root: the first unit created (the migrated bureau).

        An empty table (a new database before its first migrate finished, a flushed test
        database) gets the unit the environment describes, so the site never lacks one.
        """
        unit = self.order_by("pk").first() or seed_home_unit(self.model)
        unit.is_home = True  # known without asking again
        return unit


class Unit(VersionedModel):
    """A publishing unit (发布单位) and the identity its pages, letters and exports show."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("单位类别", max_length=10, choices=Kind.choices, default=Kind.COUNTY)
    level = models.CharField(
        "公开层级",
        max_length=10,
        choices=Level.choices,
        default=Level.COUNTY,
        help_text="本单位编制目录、公开信息所依据的标准目录层级：乡镇（街道）为乡级。",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[validate_code],
        help_text="18位，索引号的前缀。",
    )
    slug = models.SlugField(
        "网址标识",
        max_length=50,
        unique=True,
        help_text="本单位网页的网址 /u/网址标识/ 中的英文标识，如 chengguan。",
    )
    host = models.CharField(
        "独立域名",
        max_length=253,
        blank=True,
        help_text="本单位使用独立域名时填写，如 mzj.example.gov.cn；不填则使用平台网址。",
    )
    site_url = models.URLField(
        "网站地址",
        blank=True,
        help_text="提醒邮件等站外链接的网址前缀，如 https://mzj.example.gov.cn",
    )
    is_live = models.BooleanField("已上线", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    # Who receives requests and where the remedies go (依申请公开, the answer letters).
    disclosure_office = models.CharField("受理机构", max_length=100)
    address = models.CharField("通信地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    hours = models.CharField("受理时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    review_body = models.CharField(
        "行政复议机关", max_length=100, blank=True, help_text="答复书告知的行政复议机关。"
    )
    court = models.CharField(
        "管辖法院", max_length=100, blank=True, help_text="答复书告知的行政诉讼管辖法院。"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="本单位人员",
        blank=True,
        related_name="units",
        help_text="本单位的工作人员（科室人员同时属于本单位）。",
    )
    is_demo = models.BooleanField("演示数据", default=False, editable=False)

    objects = UnitQuerySet.as_manager()
    unit_path = "pk"  # a unit is its own (units.access)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "发布单位"
        verbose_name_plural = "发布单位"
        constraints = [
            models.UniqueConstraint(
                fields=["host"], condition=~models.Q(host=""), name="unit_unique_host"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级单位不能是本单位或本单位的下级单位。"})
            ancestor = ancestor.parent
        if self.kind == Kind.TOWN and self.level != Level.TOWN:
            raise ValidationError({"level": "乡镇（街道）的公开层级应为乡级。"})

    @property
    def is_town(self):
        return self.level == Level.TOWN

    @cached_property
    def is_home(self):
        """Whether this is the first unit, whose pages are at the site's root (1 query, once)."""
        return self.pk == Unit.objects.order_by("pk").values_list("pk", flat=True).first()

    @property
    def path_prefix(self):
        """The unit's own address on the platform, /u/<slug>/."""
        return f"/u/{self.slug}/"

    def get_absolute_url(self):
        return self.path_prefix


def home_unit_id():
    """The default of every row's unit: a row made without one belongs to the first unit."""
    return Unit.objects.home().pk


def seed_home_unit(model):
    """Create the first unit from the environment's description (settings.PORTAL_UNIT_SEED)."""
    from django.db import IntegrityError, transaction

    seed = dict(settings.PORTAL_UNIT_SEED)
    try:
        with transaction.atomic():
            return model.objects.create(**seed)
    except IntegrityError:  # another process made it at the same moment
        return model.objects.get(code=seed["code"])
