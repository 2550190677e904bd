from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "selfcheck"
    verbose_name = "自查"
