from django.apps import AppConfig


class PrivacyScanConfig(AppConfig):
    name = "privacyscan"
    verbose_name = "个人信息排查"
