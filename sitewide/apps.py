from django.apps import AppConfig
from django.db.models.signals import post_migrate


def drop_generated_files(**kwargs):
    """A deploy runs migrate: files built by the previous release are built again on demand."""
    from sitewide import generated

    generated.delete_all()


class SitewideConfig(AppConfig):
    name = "sitewide"
    verbose_name = "站点通用"

    def ready(self):
        # Sent once per app with models (this one has none); the files go at the first.
        post_migrate.connect(drop_generated_files, dispatch_uid="sitewide-generated")
