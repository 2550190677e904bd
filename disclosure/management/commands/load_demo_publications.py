"""
Load demo publications dated relative to today, so a new portal shows fresh, due and overdue
columns.

    python manage.py load_demo_publications            # once; later runs change nothing
    python manage.py load_demo_publications --refresh  # replace them, dated for today
    python manage.py load_demo_publications --delete   # remove them (and nothing else)
    python manage.py load_demo_publications --unit CODE  # one unit of several (--all-units: each)

Every demo row is marked 演示数据 (is_demo). Never load them into a production portal.
"""

from django.core.management.base import BaseCommand, CommandError

from columns.freshness import Freshness
from disclosure import demo
from units.commands import add_unit_arguments, named_units
from units.models import Unit


class Command(BaseCommand):
    help = (
        "载入演示用的栏目信息（日期相对今天计算，可重复运行）；--refresh 重新生成，--delete 删除。"
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--refresh",
            action="store_true",
            help="删除已有的演示信息，按今天的日期重新生成（索引号重新分配，旧号不再使用）。",
        )
        group.add_argument(
            "--delete",
            action="store_true",
            help="只删除演示信息及其附件，正式信息不受影响。",
        )
        add_unit_arguments(parser)

    def handle(self, *args, refresh=False, delete=False, **options):
        # Without a unit named, the first unit's: the demo towns bring their own documents.
        units = named_units(options) or [Unit.objects.home()]
        for unit in units:
            if len(units) > 1:
                self.stdout.write(f"【{unit.name}】")
            try:
                result = demo.delete(unit=unit) if delete else demo.load(refresh=refresh, unit=unit)
            except demo.DemoDataError as error:
                raise CommandError(f"{unit.name}的演示数据未处理：\n{error}") from error
            self.report(result, refresh=refresh, delete=delete)

    def report(self, result, *, refresh, delete):
        if delete:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已删除演示信息 {result.deleted} 条、附件 {result.deleted_attachments} 个；"
                    "正式信息未受影响。"
                )
            )
            return
        if result.existing and not refresh:
            self.stdout.write(
                f"已有演示信息 {result.existing} 条（含意见反馈、问答、年报等演示数据生成的信息），"
                "未重复创建。"
                "如需按今天的日期重新生成，请加 --refresh；如需删除，请加 --delete。"
            )
        else:
            if result.deleted:
                self.stdout.write(
                    f"已删除旧的演示信息 {result.deleted} 条、附件 {result.deleted_attachments} 个。"
                )
            self.stdout.write(
                f"演示信息：新建 {result.created} 条（已发布 {result.published}，"
                f"草稿 {result.drafts}），附件 {result.attachments} 个。"
            )
        self.stdout.write(self.status_line(result))
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"注意：{warning}"))
        if not (result.existing and not refresh):
            self.stdout.write(self.style.SUCCESS("演示数据已载入；正式上线前请用 --delete 删除。"))

    @staticmethod
    def status_line(result):
        parts = [f"{status.label} {result.statuses.get(status, 0)}" for status in Freshness]
        if result.estimated:
            parts.append(f"其中期限为预估 {result.estimated}")
        return f"栏目状态（{result.today:%Y-%m-%d}）：" + "，".join(parts) + "。"
