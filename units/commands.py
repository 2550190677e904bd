"""
The unit options every management command shares: `--unit CODE` and, for crons, `--all-units`.

    def add_arguments(self, parser):
        add_unit_arguments(parser)              # --unit CODE and --all-units
        add_unit_arguments(parser, all_units=False)  # --unit CODE only

    def handle(self, *args, **options):
        for unit in units_from_options(options):
            ...

Without either option a command works on the only unit, and refuses when there are several, so
a command typed on a platform of many units never silently acts on the first one.
"""

from django.core.management.base import CommandError

from units.models import Unit

UNIT_HELP = "要处理的发布单位的统一社会信用代码（18位）；平台只有一个单位时可省略。"
ALL_UNITS_HELP = "处理平台上的所有发布单位（供定时任务使用）。"


def add_unit_arguments(parser, all_units=True):
    """Add `--unit CODE` (and `--all-units`, mutually exclusive with it) to `parser`."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--unit", metavar="CODE", default=None, help=UNIT_HELP)
    if all_units:
        group.add_argument("--all-units", action="store_true", default=False, help=ALL_UNITS_HELP)


def units_from_options(options):
    """
    Return the list of units the options name: the unit of `--unit`, every unit for
    `--all-units`, or the only unit; raise CommandError (in Chinese) otherwise.
    """
    code = (options.get("unit") or "").strip().upper()
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"没有统一社会信用代码为“{code}”的发布单位。")
        return [unit]
    if options.get("all_units"):
        return list(Unit.objects.order_by("order", "pk"))
    first_two = list(Unit.objects.order_by("pk")[:2])
    if not first_two:
        return [Unit.objects.home()]
    if len(first_two) > 1:
        raise CommandError(
            "平台上有多个发布单位，请用 --unit 统一社会信用代码 指定单位"
            + ("，或用 --all-units 处理所有单位。" if "all_units" in options else "。")
        )
    return first_two
