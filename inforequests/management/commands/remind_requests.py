"""E-mail each handling clerk the open cases of their office that are due soon or overdue."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from inforequests import reminders
from inforequests.days import bureau_calendar


class Command(BaseCommand):
    help = "向承办科室人员发送即将到期和已逾期的政府信息公开申请提醒（供每日定时运行）。"

    def handle(self, *args, **options):
        sent = reminders.send(timezone.localdate(), bureau_calendar())
        self.stdout.write(f"已发送 {sent} 封提醒邮件。")
