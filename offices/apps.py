from django.apps import AppConfig

from contributions.roles import ALL, CLERK, HEAD, LEADER, SITE_ADMIN


class OfficesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "offices"
    verbose_name = "科室"

    page_cached_models = ("Office",)
    role_permissions = {
        SITE_ADMIN: ALL,
        # What every reviewer needs to read the choices on their forms.
        CLERK: ("view_office",),
        HEAD: ("view_office",),
        LEADER: ("view_office",),
    }
