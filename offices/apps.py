from django.apps import AppConfig


class OfficesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "offices"
    verbose_name = "科室"
