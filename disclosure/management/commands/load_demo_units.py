"""
Load the demo units (演示数据), or delete them.

    python manage.py load_demo_units                       # the first unit's three demo towns
    python manage.py load_demo_units --counties 100        # a demo city of 100 counties, for scale
    python manage.py load_demo_units --counties 100 --delete   # remove the demo city only
    python manage.py load_demo_units --delete              # remove every demo unit

Every demo unit is removed with everything in it; no other unit changes.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from disclosure import demo_units
from units.demo import DemoUnitsError


class Command(BaseCommand):
    help = (
        "载入演示单位（演示数据）：第一个单位下的三个乡镇；--counties N 另建一个含 N 个县的演示市；"
        "--delete 删除演示单位及其全部数据，正式单位不受影响。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--counties",
            type=int,
            metavar="N",
            help="建立一个演示市，下辖 N 个县，每县三个乡镇（用于规模测试）。",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="删除演示单位及其全部数据；与 --counties 同用时只删除演示市。",
        )

    def handle(self, *args, counties=None, delete=False, **options):
        if counties is not None and counties < 1:
            raise CommandError("--counties 应为正整数。")
        started = time.monotonic()
        try:
            if delete:
                result = demo_units.delete_city() if counties else demo_units.delete()
            elif counties:
                result = demo_units.build_city(counties)
            else:
                result = demo_units.load_towns()
        except DemoUnitsError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        if delete:
            units = result.deleted.get("units.Unit", 0)
            rows = sum(n for label, n in result.deleted.items() if label != "units.Unit")
            self.stdout.write(f"已删除演示单位 {units} 个及其数据 {rows} 条（{seconds:.1f} 秒）。")
            return
        if result.existing:
            self.stdout.write(f"演示单位已存在（{result.existing} 个），未重复载入。")
            return
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"已载入演示单位 {len(result.units)} 个（{seconds:.1f} 秒）"
            + (f"，演示信息 {result.publications} 条" if result.publications else "")
            + "；正式上线前请用 --delete 删除。"
        )
        if result.clerk:
            self.stdout.write(
                f"乡镇信息员：用户名 {demo_units.CLERK_USERNAME}，密码 {demo_units.CLERK_PASSWORD}"
                f"（{result.units[0].name}{demo_units.TOWN_OFFICE}）"
            )
