"""
Drop the cached pages on every change of a model that public pages show.

Each app names its own models in `page_cached_models` on its AppConfig (contributions), so the
content apps never import the page cache: saves and deletes of each model, changes of its M2M
links, and django-import-export's post_import (bulk writes send no save signals) bump the content
version.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from import_export.signals import post_import

from contributions.collect import declared
from pagecache.models import ContentVersion

LINK_CHANGES = {"post_add", "post_remove", "post_clear"}


def content_changed(using=None, **kwargs):
    """
    Drop every cached page: bump the content version in the change's own transaction.

    A rolled-back change rolls the bump back with it; a committed one is seen by every process
    together with the version. Code that writes in bulk (QuerySet.update, bulk_create) sends
    no signals and calls this itself, or sends import-export's post_import.
    """
    ContentVersion.objects.bump(using=using)


def links_changed(action, **kwargs):
    if action in LINK_CHANGES:
        content_changed(using=kwargs.get("using"))


def page_cached_models():
    """Every app's declared page-cached models, in INSTALLED_APPS order."""
    return [
        config.get_model(name) for config, names in declared("page_cached_models") for name in names
    ]


def connect():
    """Connect content_changed to every declared model, its links and the spreadsheet import."""
    for model in page_cached_models():
        label = model._meta.label
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-delete-{label}"
        )
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                links_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through._meta.label}"
            )
    post_import.connect(content_changed, dispatch_uid="page-cache-import")
