from django.apps import AppConfig

from contributions.roles import ALL, CLERK, HEAD, LEADER, SITE_ADMIN


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalogue"
    verbose_name = "政务公开目录"

    page_cached_models = ("Domain", "Channel", "DisclosureItem")
    role_permissions = {
        SITE_ADMIN: ALL,
        CLERK: (
            *("view_disclosureitem", "view_domain", "view_channel"),
            *("add_disclosureitem", "change_disclosureitem", "submit_disclosureitem"),
        ),
        HEAD: (
            *("view_disclosureitem", "view_domain", "view_channel"),
            *("check_disclosureitem", "publish_disclosureitem"),
        ),
        LEADER: (
            *("view_disclosureitem", "view_domain", "view_channel"),
            "approve_disclosureitem",
        ),
    }

    def ready(self):
        from catalogue.models import DisclosureItem
        from units.integrity import guard_links

        guard_links(DisclosureItem.columns, "发布栏目", "公开事项")
