"""Drop the cached public pages whenever a column or an office changes (see portal.page_cache)."""

from django.db.models.signals import post_delete, post_save

from columns.models import Column, Office
from portal.page_cache import content_changed


def connect():
    for model in (Column, Office):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )
