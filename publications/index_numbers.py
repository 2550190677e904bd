"""
索引号: the bureau's unified code, `/`, year and month, `-`, a five-digit running number.

Example: `11341700003244799H/202311-00094`. The running number restarts each month and is never
reused: it comes from a per-month counter that only ever goes up, so deleting a publication
leaves a gap rather than freeing its number (IndexSequence.objects.allocate).
"""

from django.conf import settings


def format_index_number(period, number):
    return f"{settings.BUREAU_UNIFIED_CODE}/{period}-{number:05d}"
