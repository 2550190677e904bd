"""
Create the demonstration admin login of a development portal.

    python manage.py ensure_demo_admin

Refuses to run when DEBUG is off: a production portal gets its accounts from `createsuperuser`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "portal-admin"


class Command(BaseCommand):
    help = "Create the development admin login (admin / portal-admin) if it does not exist."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "演示管理员只用于开发环境（DJANGO_DEBUG=1）；生产环境请用 createsuperuser。"
            )
        user_model = get_user_model()
        if not user_model.objects.filter(username=USERNAME).exists():
            user_model.objects.create_superuser(USERNAME, "", PASSWORD)
            self.stdout.write(f"已创建演示管理员：用户名 {USERNAME}，密码 {PASSWORD}")
        else:
            self.stdout.write(f"演示管理员已存在：用户名 {USERNAME}（密码 {PASSWORD}，如未修改）")
        self.stdout.write("后台地址：/admin/")
