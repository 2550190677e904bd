"""Drop the cached public pages whenever the ledger or its progress changes (portal.page_cache)."""

from ledger.models import Ledger, ProgressEntry, Requirement, Task
from portal.page_cache import invalidate_on_change


def connect():
    invalidate_on_change(Ledger, Task, Requirement, ProgressEntry)
