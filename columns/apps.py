from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "columns"
    verbose_name = "网站栏目"
