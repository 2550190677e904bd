"""
Load (or with --delete remove) the demo consultations; never in production.

They go into the first unit unless --unit (or --all-units) names others; --delete without either
removes every unit's demo consultations.
"""

from django.core.management.base import BaseCommand, CommandError

from consultations import demo
from units.commands import add_unit_arguments, named_units


class Command(BaseCommand):
    help = (
        "载入演示用的意见征集（征集中、已反馈各一项，标记为演示数据）；--delete 删除；"
        "--unit 指定单位（默认第一个单位），--all-units 每个单位各一套。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="只删除演示的意见征集。")
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, delete=False, **options):
        for unit in named_units(options) or [None]:
            prefix = f"{unit.name}：" if unit is not None else ""
            if delete:
                self.stdout.write(f"{prefix}已删除演示意见征集 {demo.delete(unit)} 项。")
                continue
            try:
                made = demo.load(unit=unit)
            except demo.DemoError as error:
                if not options.get("all_units"):
                    raise CommandError(f"{prefix}{error}") from error
                self.stdout.write(self.style.WARNING(f"{prefix}未载入：{error}"))
                continue  # a unit without the columns yet: the others still get theirs
            self.stdout.write(
                f"{prefix}演示意见征集：新建 {made} 项。"
                if made
                else f"{prefix}已有演示意见征集，未重复创建。"
            )
