"""Drop the cached public pages whenever a publication or attachment changes (portal.page_cache)."""

from django.db.models.signals import post_delete, post_save

from portal.page_cache import content_changed
from publications.models import Attachment, Publication


def connect():
    for model in (Publication, Attachment):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-delete-{model}"
        )
