"""Load (or with --delete remove) the demo messages; never in production."""

from django.core.management.base import BaseCommand, CommandError

from inquiries import demo


class Command(BaseCommand):
    help = "载入演示用的留言（已答复并公开、办理中、待分办各一条，标记为演示数据）；--delete 删除。"

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="只删除演示留言。")

    def handle(self, *args, delete=False, **options):
        if delete:
            self.stdout.write(f"已删除演示留言 {demo.delete()} 条。")
            return
        try:
            made = demo.load()
        except demo.DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"演示留言：新建 {made} 条。" if made else "已有演示留言，未重复创建。")
