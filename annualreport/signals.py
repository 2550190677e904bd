"""Drop the cached public pages whenever a report changes (portal.page_cache)."""

from annualreport.models import AnnualReport
from portal.page_cache import invalidate_on_change


def connect():
    invalidate_on_change(AnnualReport)
