from django.apps import AppConfig

from contributions.roles import ALL, SITE_ADMIN


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "审计日志"

    role_permissions = {SITE_ADMIN: ALL}

    def ready(self):
        from audit import receivers  # noqa: F401  (connects the sign-in receivers)
