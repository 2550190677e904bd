from django.apps import AppConfig

from contributions.roles import ALL, SITE_ADMIN


class SelfcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "selfcheck"
    verbose_name = "自查"

    role_permissions = {SITE_ADMIN: ALL}
