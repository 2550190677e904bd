from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "公开内容页面"
