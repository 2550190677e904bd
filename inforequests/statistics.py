"""
Table 三 of the annual report, counted from the cases (依申请公开统计).

    一 本年新收   received in the year
    二 上年结转   received before the year and not finished by its first day
    三 办理结果   finished (answered or closed) in the year, by the outcome's row; (七) their sum
    四 结转下年度 received by the year's last day and not finished by then

A case finished in the year was received by its end, so 一 + 二 = 三(七) + 四 holds by
construction, and next year's 二 is this year's 四. Three queries whatever the number of cases.

The information-processing fees (信息处理费, 国办函〔2020〕109号) collected in a year, for section
六 of the report, are counted here too (`fees_collected`).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from inforequests import table_three as t3
from inforequests.clock import StepKind
from inforequests.models import FINAL_KINDS, ApplicantType, InfoRequest, RequestStep


@dataclass
class TableThree:
    """The table of one year: `cells[row][column]`, rows and columns as table_three names them."""

    year: int
    cells: dict

    def as_dict(self):
        return {row: dict(columns) for row, columns in self.cells.items()}

    def rows(self):
        """(label, level, [numbers in COLUMNS order] or None for a header), for display."""
        return [
            (label, level, None if key is None else [self.cells[key][c] for c in t3.COLUMNS])
            for label, level, key in t3.layout()
        ]


def _column(applicant_type, organisation_kind):
    if applicant_type == ApplicantType.CITIZEN:
        return t3.NATURAL_PERSON
    return dict(t3.ORGANISATION_KINDS).get(organisation_kind, "其他")


def _add(cells, row, column, count):
    cells[row][column] += count
    cells[row][t3.TOTAL] += count


def _finished_by(day):
    return RequestStep.objects.filter(request=OuterRef("pk"), kind__in=FINAL_KINDS, on__lte=day)


def _count_by_column(queryset):
    return queryset.values("applicant_type", "organisation_kind").annotate(n=Count("pk"))


def table_three(year, queryset=None):
    """Table 三 for `year` (demo cases included only when `queryset` includes them)."""
    cases = InfoRequest.objects.all() if queryset is None else queryset
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    cells = {row: dict.fromkeys(t3.COLUMNS, 0) for row in t3.ROWS}

    opening = cases.filter(received_on__lt=first).exclude(
        Exists(_finished_by(first - datetime.timedelta(days=1)))
    )
    # 一 and 四 in one query: conditional counts over the cases received by the year's end.
    for row in (
        cases.filter(received_on__lte=last)
        .annotate(open_at_end=~Exists(_finished_by(last)))
        .values("applicant_type", "organisation_kind")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=first)),
            out=Count("pk", filter=Q(open_at_end=True)),
        )
    ):
        column = _column(row["applicant_type"], row["organisation_kind"])
        _add(cells, t3.NEW, column, row["new"])
        _add(cells, t3.CARRIED_OUT, column, row["out"])
    for row in _count_by_column(opening):
        _add(
            cells, t3.CARRIED_IN, _column(row["applicant_type"], row["organisation_kind"]), row["n"]
        )
    finished = (
        RequestStep.objects.filter(
            kind__in=FINAL_KINDS, on__gte=first, on__lte=last, request__in=cases.values("pk")
        )
        .values("request__applicant_type", "request__organisation_kind", "outcome")
        .annotate(n=Count("pk"))
    )
    for row in finished:
        column = _column(row["request__applicant_type"], row["request__organisation_kind"])
        _add(cells, t3.OUTCOME_ROW.get(row["outcome"], t3.OUTCOME_ROW["other"]), column, row["n"])
        _add(cells, t3.RESULTS_TOTAL, column, row["n"])
    return TableThree(year, cells)


def by_month(year, queryset=None):
    """[(month, received, finished)] for the twelve months of `year`."""
    cases = InfoRequest.objects.all() if queryset is None else queryset
    received = dict(
        cases.filter(received_on__year=year)
        .values_list("received_on__month")
        .annotate(n=Count("pk"))
        .values_list("received_on__month", "n")
    )
    finished = dict(
        RequestStep.objects.filter(
            kind__in=FINAL_KINDS, on__year=year, request__in=cases.values("pk")
        )
        .values_list("on__month")
        .annotate(n=Count("pk"))
        .values_list("on__month", "n")
    )
    return [(m, received.get(m, 0), finished.get(m, 0)) for m in range(1, 13)]


@dataclass(frozen=True)
class FeesCollected:
    """The fees collected in a year: how many cases paid one, and their sum in yuan."""

    cases: int
    yuan: int


def fees_collected(year, queryset=None):
    """
    The information-processing fees collected in `year` (1 query): the fee of a case's notice
    (收费通知) counts in the year its payment (已缴费) is recorded, so a fee notified and never
    paid (终止办理 as 逾期未缴费) or paid the next year does not count; a fee of 0 is no charge.
    """
    cases = InfoRequest.objects.all() if queryset is None else queryset
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    paid = RequestStep.objects.filter(
        request=OuterRef("request"), kind=StepKind.FEE_PAID, on__gte=first, on__lte=last
    )
    totals = RequestStep.objects.filter(
        Exists(paid),
        kind=StepKind.FEE_NOTIFIED,
        fee_amount__gt=0,
        request__in=cases.values("pk"),
    ).aggregate(cases=Count("request", distinct=True), yuan=Sum("fee_amount"))
    return FeesCollected(cases=totals["cases"], yuan=totals["yuan"] or 0)
