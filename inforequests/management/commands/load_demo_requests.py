"""
Load demo requests in every state, dated relative to today.

    python manage.py load_demo_requests            # once; later runs change nothing
    python manage.py load_demo_requests --refresh  # replace them, dated for today
    python manage.py load_demo_requests --delete   # remove them (and nothing else)

Every demo case is marked 演示数据 (is_demo). Never load them into a production portal.
"""

from django.core.management.base import BaseCommand

from inforequests import demo


class Command(BaseCommand):
    help = "载入各种办理状态的演示政府信息公开申请（日期相对今天计算）；--refresh 重新生成，--delete 删除。"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--refresh", action="store_true", help="删除已有的演示申请，按今天的日期重新生成。"
        )
        group.add_argument(
            "--delete", action="store_true", help="只删除演示申请及其文书，正式申请不受影响。"
        )

    def handle(self, *args, refresh=False, delete=False, **options):
        if delete:
            result = demo.delete()
            self.stdout.write(
                self.style.SUCCESS(f"已删除演示申请 {result.deleted} 件；正式申请未受影响。")
            )
            return
        result = demo.load(refresh=refresh)
        if result.existing:
            self.stdout.write(
                f"已有演示申请 {result.existing} 件，未重复创建；--refresh 重新生成，--delete 删除。"
            )
            return
        if result.deleted:
            self.stdout.write(f"已删除旧的演示申请 {result.deleted} 件。")
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示申请 {result.created} 件；正式上线前请用 --delete 删除。"
            )
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"注意：{warning}"))
