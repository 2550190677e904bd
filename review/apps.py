from django.apps import AppConfig
from django.db.models.signals import post_migrate

from contributions.roles import ALL, SITE_ADMIN


class ReviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "review"
    verbose_name = "审核记录"

    role_permissions = {SITE_ADMIN: ALL}

    def ready(self):
        from review import roles

        # The role groups follow the code after every migrate, so permissions added by later
        # apps reach the site administrators (review.roles).
        post_migrate.connect(roles.on_post_migrate, sender=self, dispatch_uid="review-roles")
