from django.apps import AppConfig

from contributions.roles import CLERK, HEAD, LEADER, SITE_ADMIN


class UnitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = "发布单位"

    page_cached_models = ("Unit",)
    role_permissions = {
        # A unit's administrator edits its own identity; adding and removing units is the
        # platform administrator's (a superuser).
        SITE_ADMIN: ("view_unit", "change_unit"),
        CLERK: ("view_unit",),
        HEAD: ("view_unit",),
        LEADER: ("view_unit",),
    }
