"""
Table 二's regulation counts from the publications (第二十条第（一）项).

    本年制发  published 规章 / 行政规范性文件 written (成文日期, else 发布日期) in the year
    本年废止  their repeal date (失效日期) falls in the year
    现行有效  published by 31 December and not repealed by then
"""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from annualreport import tables
from publications.models import Publication

KINDS = {tables.RULE: Publication.Kind.RULE, tables.NORMATIVE: Publication.Kind.NORMATIVE}


def regulation_counts(year, unit):
    """{row label: {column label: count}} for `unit`'s 规章 and 行政规范性文件 (1 query)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        Publication.objects.published()
        .filter(column__unit=unit, document_kind__in=KINDS.values())
        .annotate(made_on=Coalesce("written_on", "published_on"))
        .values("document_kind")
        .annotate(
            made=Count("pk", filter=Q(made_on__gte=first, made_on__lte=last)),
            repealed=Count("pk", filter=Q(repealed_on__gte=first, repealed_on__lte=last)),
            current=Count(
                "pk",
                filter=Q(published_on__lte=last)
                & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=last)),
            ),
        )
    )
    by_kind = {row["document_kind"]: row for row in rows}
    counts = {}
    for label, kind in KINDS.items():
        row = by_kind.get(kind, {})
        counts[label] = dict(
            zip(
                tables.TABLE_TWO_COUNTS,
                (row.get("made", 0), row.get("repealed", 0), row.get("current", 0)),
                strict=True,
            )
        )
    return counts
