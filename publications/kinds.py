"""
Which kind of document (文件类型, table 二 of the annual report) a publication probably is.

A clerk who leaves 文件类型 at 其他 hides a 行政规范性文件 from table 二, so the admin form suggests
the kind from what the clerk has already typed: the column (规范性文件发布 holds 行政规范性文件,
a column of 规章 holds 规章) and the 文号 (示民规〔2026〕2号: 规 in the issuer's code is how a
规范性文件 is numbered; 示范县人民政府令第3号 is a 规章). Table 二 counts the bureau's own
documents, so a column of superiors' documents (上级文件) suggests 其他 whatever the 文号 says.
A suggestion never replaces a choice.
"""

import re

from publications.models import Publication

Kind = Publication.Kind

# 示民规〔2026〕2号, 示民规[2026]2号, 示民规（2026）2号: the issuer's code before the year.
_NUMBERED = re.compile(
    r"^\s*(?P<issuer>[^〔\[［(（]+?)\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号"
)
_DECREE = re.compile(r"令\s*第?\s*[\d０-９一二三四五六七八九十百]+\s*号")
_NORMATIVE_COLUMN = re.compile(r"^(行政)?规范性文件(发布|公开)?$")
_RULE_COLUMN = re.compile(r"^(政府)?规章(发布|公开)?$")
_SUPERIORS_COLUMN = "上级"


def from_column(column_name):
    """The kind a column of that name holds, or None (规范性文件立改废 holds notices, not rules)."""
    name = (column_name or "").strip()
    if _NORMATIVE_COLUMN.match(name):
        return Kind.NORMATIVE
    if _RULE_COLUMN.match(name):
        return Kind.RULE
    return None


def from_number(document_number):
    """The kind a 文号 is written for, or None."""
    number = (document_number or "").strip()
    if _DECREE.search(number):
        return Kind.RULE
    match = _NUMBERED.match(number)
    if match and "规" in match.group("issuer"):
        return Kind.NORMATIVE
    return None


def suggested(column_name, document_number):
    """(kind, why) from the 文号 first, then the column; (None, "") when neither says."""
    if _SUPERIORS_COLUMN in (column_name or ""):
        return Kind.OTHER, f"栏目“{column_name.strip()}”（上级机关文件不计入本机关表二）"
    kind = from_number(document_number)
    if kind is not None:
        return kind, f"文号“{document_number.strip()}”"
    kind = from_column(column_name)
    if kind is not None:
        return kind, f"栏目“{column_name.strip()}”"
    return None, ""
