"""E-mail each handling clerk the open cases of their office that are due soon or overdue."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from inforequests import reminders
from inforequests.days import bureau_calendar
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = (
        "向承办科室人员发送即将到期和已逾期的政府信息公开申请提醒（供每日定时运行；"
        "--unit 指定单位，--all-units 逐个单位发送）。"
    )

    def add_arguments(self, parser):
        add_unit_arguments(parser, all_units=True)

    def handle(self, *args, **options):
        today, calendar = timezone.localdate(), bureau_calendar()
        for unit in units_from_options(options):
            sent = reminders.send(today, calendar, unit)
            self.stdout.write(f"{unit.name}：已发送 {sent} 封提醒邮件。")
