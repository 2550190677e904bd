"""
The unit options every management command shares: `--unit CODE`, and `--all-units` for crons.

    def add_arguments(self, parser):
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, **options):
        for unit in units_from_options(options):
            ...

Without either option a command works on the only unit; with several units it refuses and asks
which, so a command never writes into (or reads out of) a unit nobody named.
"""

from django.core.management.base import CommandError

from units.models import Unit

AMBIGUOUS = "平台上有 {count} 个发布单位，请用 --unit 指定单位的统一社会信用代码{all_units}。"
UNKNOWN = "没有统一社会信用代码为“{code}”的发布单位，请核对后重试。"


def add_unit_arguments(parser, all_units=False):
    """Add `--unit CODE` and, for the commands a cron runs for every unit, `--all-units`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--unit",
        metavar="CODE",
        default="",
        help="发布单位的统一社会信用代码；平台只有一个单位时可省略。",
    )
    if all_units:
        group.add_argument(
            "--all-units",
            action="store_true",
            help="对平台上的每个发布单位分别运行（供定时任务使用）。",
        )


def units_from_options(options):
    """The units the options name, in the units' order; CommandError (Chinese) when unclear."""
    code = (options.get("unit") or "").strip().upper()
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(UNKNOWN.format(code=code))
        return [unit]
    units = list(Unit.objects.order_by("order", "pk"))
    if options.get("all_units"):
        return units
    if len(units) <= 1:
        return units or [Unit.objects.home()]  # an empty table gets the seeded first unit
    hint = "，或用 --all-units 对每个单位分别运行" if "all_units" in options else ""
    raise CommandError(AMBIGUOUS.format(count=len(units), all_units=hint))
