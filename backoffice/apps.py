from django.apps import AppConfig


class BackOfficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = "后台管理"
