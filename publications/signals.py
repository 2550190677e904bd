"""Drop the cached public pages whenever a publication or attachment changes (portal.page_cache)."""

from portal.page_cache import invalidate_on_change
from publications.models import Attachment, Publication


def connect():
    invalidate_on_change(Publication, Attachment)
