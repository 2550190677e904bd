"""
Load demo requests in every state, dated relative to today.

    python manage.py load_demo_requests            # once; later runs change nothing
    python manage.py load_demo_requests --refresh  # replace them, dated for today
    python manage.py load_demo_requests --delete   # remove them (and nothing else)

Every demo case is marked 演示数据 (is_demo). Never load them into a production portal. They go
into the first unit unless --unit (or --all-units) names others; --delete without either
removes every unit's demo cases.
"""

from django.core.management.base import BaseCommand

from inforequests import demo
from units.commands import add_unit_arguments, named_units


class Command(BaseCommand):
    help = (
        "载入各种办理状态的演示政府信息公开申请（日期相对今天计算）；--refresh 重新生成，"
        "--delete 删除；--unit 指定单位（默认第一个单位），--all-units 每个单位各一套。"
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--refresh", action="store_true", help="删除已有的演示申请，按今天的日期重新生成。"
        )
        group.add_argument(
            "--delete", action="store_true", help="只删除演示申请及其文书，正式申请不受影响。"
        )
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, refresh=False, delete=False, **options):
        for unit in named_units(options) or [None]:
            prefix = f"{unit.name}：" if unit is not None else ""
            if delete:
                result = demo.delete(unit)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{prefix}已删除演示申请 {result.deleted} 件；正式申请未受影响。"
                    )
                )
                continue
            self._load(prefix, demo.load(refresh=refresh, unit=unit))

    def _load(self, prefix, result):
        if result.existing:
            self.stdout.write(
                f"{prefix}已有演示申请 {result.existing} 件，未重复创建；"
                "--refresh 重新生成，--delete 删除。"
            )
            return
        if result.deleted:
            self.stdout.write(f"{prefix}已删除旧的演示申请 {result.deleted} 件。")
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}已载入演示申请 {result.created} 件；正式上线前请用 --delete 删除。"
            )
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"注意：{warning}"))
