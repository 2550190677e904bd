"""Drop the cached public pages whenever something they show changes (see portal.page_cache)."""

from django.db.models.signals import m2m_changed
from import_export.signals import post_import

from catalogue.models import Channel, DisclosureItem, Domain
from portal.page_cache import content_changed, invalidate_on_change

M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def m2m_content_changed(action, **kwargs):
    if action in M2M_CHANGES:
        content_changed()


def connect():
    invalidate_on_change(DisclosureItem, Domain, Channel)
    for through in (DisclosureItem.channels.through, DisclosureItem.columns.through):
        m2m_changed.connect(
            m2m_content_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through}"
        )
    # The spreadsheet import writes in bulk, which sends no save signals.
    post_import.connect(content_changed, dispatch_uid="page-cache-import")
