"""Load (or with --delete remove) the demo consultations; never in production."""

from django.core.management.base import BaseCommand, CommandError

from consultations import demo


class Command(BaseCommand):
    help = "载入演示用的意见征集（征集中、已反馈各一项，标记为演示数据）；--delete 删除。"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="只删除演示的意见征集。")

    def handle(self, *args, delete=False, **options):
        if delete:
            self.stdout.write(f"已删除演示意见征集 {demo.delete()} 项。")
            return
        try:
            made = demo.load()
        except demo.DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"演示意见征集：新建 {made} 项。" if made else "已有演示意见征集，未重复创建。"
        )
