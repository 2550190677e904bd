"""Drop the cached public pages when a case or its steps change: the register and statistics."""

from inforequests.models import InfoRequest, RequestStep
from portal.page_cache import invalidate_on_change


def connect():
    invalidate_on_change(InfoRequest, RequestStep)
