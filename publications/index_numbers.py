"""
索引号: the publishing unit's unified code (统一社会信用代码), `/`, year and month, `-`, a five-digit running number.

Example: `11341700003244799H/202311-00094`. The running number restarts each month and is never
reused: it comes from the unit's per-month counter that only ever goes up, so deleting a publication
leaves a gap rather than freeing its number (IndexSequence.objects.allocate).
"""


def format_index_number(code, period, number):
    return f"{code}/{period}-{number:05d}"
