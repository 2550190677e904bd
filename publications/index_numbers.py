"""
索引号: the bureau's unified code, `/`, year and month, `-`, a five-digit running number.

Example: `11341700003244799H/202311-00094`. The running number restarts each month and is never
reused: it comes from a per-month counter that only ever goes up, so deleting a publication
leaves a gap rather than freeing its number.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F


def allocate(day):
    """
    Take the next index number of the month of `day`.

    The counter row is created if missing (an insert that ignores a conflict, so two first
    publications of a month cannot both create it) and bumped by an UPDATE, which holds the
    row's lock until the surrounding transaction ends: concurrent publishers queue on it and
    each reads back its own value.
    """
    from publications.models import IndexSequence

    period = f"{day:%Y%m}"
    with transaction.atomic():
        IndexSequence.objects.bulk_create(
            [IndexSequence(period=period, last=0)], ignore_conflicts=True
        )
        IndexSequence.objects.filter(period=period).update(last=F("last") + 1)
        number = IndexSequence.objects.filter(period=period).values_list("last", flat=True).get()
    return format_index_number(period, number)


def format_index_number(period, number):
    return f"{settings.BUREAU_UNIFIED_CODE}/{period}-{number:05d}"
