"""Drop the cached public pages whenever a column or an office changes (see portal.page_cache)."""

from columns.models import Column, Office
from portal.page_cache import invalidate_on_change


def connect():
    invalidate_on_change(Column, Office)
