from django.apps import AppConfig


class FileSafetyConfig(AppConfig):
    name = "filesafety"
    verbose_name = "文件安全"
