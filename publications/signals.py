"""Drop the cached public pages whenever a publication or attachment changes (portal.page_cache)."""

from django.db.models.signals import m2m_changed

from catalogue.signals import m2m_content_changed
from portal.page_cache import invalidate_on_change
from publications.models import Attachment, Publication


def connect():
    invalidate_on_change(Publication, Attachment)
    # The items a publication names are on the item pages.
    through = Publication.items.through
    m2m_changed.connect(
        m2m_content_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through}"
    )
