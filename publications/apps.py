from django.apps import AppConfig

from contributions.declare import SelfCheckRules
from contributions.roles import ALL, CLERK, HEAD, LEADER, SITE_ADMIN


class PublicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publications"
    verbose_name = "栏目信息"

    page_cached_models = ("Publication", "Attachment")
    role_permissions = {
        SITE_ADMIN: ALL,
        CLERK: (
            *("view_publication", "view_attachment"),
            *("add_publication", "change_publication", "submit_publication"),
            *("add_attachment", "change_attachment"),
            # Removing a wrong upload from a draft; a reviewed publication's attachments are locked.
            "delete_attachment",
        ),
        HEAD: (
            *("view_publication", "view_attachment"),
            *("check_publication", "publish_publication"),
        ),
        LEADER: ("view_publication", "view_attachment", "approve_publication"),
    }
    selfcheck_rules = SelfCheckRules(
        order=160,
        function="publications.interpretation.self_check",
        rules=(
            ("interpretation_missing", "需解读的政策缺少解读"),
            ("interpretation_late", "解读发布滞后"),
        ),
    )

    def ready(self):
        from publications.models import Publication
        from units.integrity import guard_links

        guard_links(Publication.items, "对应事项", "栏目信息")
        guard_links(Publication.interprets, "解读的政策", "政策解读")
