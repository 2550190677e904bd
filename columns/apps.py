from django.apps import AppConfig

from contributions.roles import ALL, CLERK, HEAD, LEADER, SITE_ADMIN


class ColumnsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "columns"
    verbose_name = "网站栏目"

    page_cached_models = ("Column",)
    role_permissions = {
        SITE_ADMIN: ALL,
        CLERK: ("view_column",),
        # Not bound to one office (offices.rights): assigns collective columns to offices.
        HEAD: ("view_column", "add_column", "change_column", "manage_all_offices"),
        LEADER: ("view_column", "manage_all_offices"),
    }

    def ready(self):
        from columns.models import Column
        from units.integrity import guard_links

        guard_links(Column.assigned_offices, "承办科室", "栏目")
