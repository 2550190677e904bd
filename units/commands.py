"""
The unit options every management command shares: `--unit CODE` and, for crons, `--all-units`.

    def add_arguments(self, parser):
        add_unit_arguments(parser)               # --unit and --all-units
        add_unit_arguments(parser, all_units=False)  # --unit only (one unit's file or letter)

    def handle(self, *args, **options):
        for unit in units_from_options(options):
            ...

A command names its unit by 统一社会信用代码 (the 索引号 prefix staff know) or by its slug
(`/u/<slug>/`). Without either option a platform of one unit needs nothing; on a platform of
several the command refuses in Chinese and names a few codes, so a cron line written for one unit
never runs silently for another. Refusals exit with status 2, as argparse's own do, which keeps
exit status 1 free for "found problems" (selfcheck, check_links, scan_privacy).
"""

from django.core.management.base import CommandError

from units.models import Unit

USAGE_ERROR = 2
# How many units a refusal lists as examples.
EXAMPLES = 5


def add_unit_arguments(parser, all_units=True):
    """Add `--unit CODE` and, when `all_units`, `--all-units` to a command's `parser`."""
    parser.add_argument(
        "--unit",
        default="",
        metavar="CODE",
        help="只处理这个发布单位：统一社会信用代码（18位）或网址标识（/u/网址标识/）。",
    )
    if all_units:
        parser.add_argument(
            "--all-units",
            action="store_true",
            help="逐个处理每个已上线的发布单位（供定时任务使用）。",
        )


def names_units(options):
    """Whether the command was told which units (--unit or --all-units)."""
    return bool(options.get("unit") or options.get("all_units"))


def named_units(options):
    """
    The units `options` name, or None when they name none: the demo loaders then load into the
    first unit and delete every unit's demo rows, so `make run` runs again on a platform of
    several units.
    """
    return units_from_options(options) if names_units(options) else None


def units_from_options(options):
    """
    The Unit rows a command's `options` name: the one of --unit; every live unit with
    --all-units; with neither, the platform's only unit. Raise CommandError otherwise.
    """
    named = (options.get("unit") or "").strip()
    every = bool(options.get("all_units"))
    if named and every:
        raise CommandError("--unit 和 --all-units 只能选一个。", returncode=USAGE_ERROR)
    if named:
        return [unit_named(named)]
    if every:
        Unit.objects.home()  # an empty table (a flushed database) gets its first unit, as below
        return list(Unit.objects.live().order_by("order", "pk"))
    first = list(Unit.objects.order_by("order", "pk")[: EXAMPLES + 1])
    if not first:
        return [Unit.objects.home()]
    if len(first) == 1:
        return first
    offer = "，或用 --all-units 处理每个已上线的单位" if "all_units" in options else ""
    raise CommandError(
        f"本平台有多个发布单位，请用 --unit 指定统一社会信用代码或网址标识{offer}。"
        f"例如：{_examples(first)}。",
        returncode=USAGE_ERROR,
    )


def unit_named(text):
    """The Unit whose 统一社会信用代码 (any case) or slug is `text`; CommandError if none."""
    text = text.strip()
    unit = Unit.objects.filter(code=text.upper()).first() or Unit.objects.filter(slug=text).first()
    if unit is None:
        known = list(Unit.objects.order_by("order", "pk")[: EXAMPLES + 1])
        raise CommandError(
            f"没有统一社会信用代码或网址标识为“{text}”的发布单位。可用的单位如：{_examples(known)}。",
            returncode=USAGE_ERROR,
        )
    return unit


def _examples(units):
    shown = "；".join(f"{unit.code}（{unit.name}）" for unit in units[:EXAMPLES])
    return f"{shown}……" if len(units) > EXAMPLES else shown
