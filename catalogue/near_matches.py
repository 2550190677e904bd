"""
Likely matches for the rows of an import that match no item by name.

A county's file often names an item a little differently from the portal: a level-2 name where
the portal has none ("养老服务扶持政策措施清单 / 扶持政策措施清单" for "养老服务扶持政策措施清单"),
the tail of the name alone ("扶持政策措施清单"), or the wording with a bracketed insertion
("特困人员（供养对象）名单及相关信息" for "特困人员名单及相关信息"). Imported as new, each of
those would become a draft beside the published item. The preview proposes the match and staff
choose per row; nothing here decides.

Names are compared as match keys (spreadsheet.text.match_key): (level-1 key, level-2 key).
"""

import re

# Bracketed insertions a variant adds or drops; match keys have ASCII brackets (NFKC).
_BRACKETED_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
# A tail shorter than this ("指南", "清单") says nothing about which item is meant.
MIN_TAIL = 4


def _plain(key):
    return _BRACKETED_RE.sub("", key)


def _is_tail(short, long):
    return len(short) >= MIN_TAIL and short != long and long.endswith(short)


def likely_same(file_key, item_key):
    """Whether a file row named `file_key` probably means the item named `item_key`."""
    (file1, file2), (item1, item2) = file_key, item_key
    if _plain(file1) == _plain(item1) and _plain(file2) == _plain(item2):
        return True  # a known variant: the same name but for a bracketed insertion
    if file1 == item1:
        # One side has no level-2 name, or one level-2 name ends the other.
        return not file2 or not item2 or _is_tail(file2, item2) or _is_tail(item2, file2)
    file_name, item_name = file1 + file2, item1 + item2
    # The whole name of one is the tail of the other's.
    return _is_tail(file_name, item_name) or _is_tail(item_name, file_name)


def _buckets(key):
    """Where a name is filed so that any name likely_same to it shares a bucket."""
    level1, level2 = key
    return (
        ("level1", level1),
        ("plain", _plain(level1), _plain(level2)),
        ("end", (level1 + level2)[-MIN_TAIL:]),
    )


def propose(new_rows, candidates):
    """
    The likely match of each new row, as {row: candidate}, each candidate proposed once.

    `new_rows` are (row, file key) pairs in file order; `candidates` (key, candidate) pairs of
    the items no row names, in their own order. A row takes the first candidate still free.
    Candidates are filed in buckets first, so a row is compared with a few names, not all.
    """
    candidates = list(candidates)
    filed = {}
    for index, (key, _) in enumerate(candidates):
        for bucket in _buckets(key):
            filed.setdefault(bucket, []).append(index)
    taken = set()
    proposals = {}
    for row, file_key in new_rows:
        near = sorted({i for bucket in _buckets(file_key) for i in filed.get(bucket, ())})
        for index in near:
            item_key, candidate = candidates[index]
            if index not in taken and likely_same(file_key, item_key):
                proposals[row] = candidate
                taken.add(index)
                break
    return proposals
