"""
The fee tariff of 国办函〔2020〕109号 (政府信息公开信息处理费管理办法): pure functions.

A bureau charges either by request (按件计收) or by quantity (按量计收) for a given application,
never both. By request, an applicant's applications of one calendar month are counted: the first
10 are free, the 11th to 30th cost 100 yuan each, and from the 31st each band of 10 costs 100
yuan more per application than the band before. By quantity, one application's pages: up to 30
free, pages 31–100 at 10 yuan, 101–200 at 20 yuan, beyond 200 at 40 yuan.
"""

from django.db import models

FREE_REQUESTS = 10
FREE_PAGES = 30
# (last page of the band, yuan per page); the last band has no end.
PAGE_BANDS = [(30, 0), (100, 10), (200, 20), (None, 40)]


class Method(models.TextChoices):
    BY_REQUEST = "by_request", "按件计收"
    BY_PAGES = "by_pages", "按量计收"


def fee_by_request(nth):
    """The fee of an applicant's `nth` application (1-based) of a calendar month, in yuan."""
    if nth < 1:
        raise ValueError("nth starts at 1")
    if nth <= FREE_REQUESTS:
        return 0
    if nth <= 30:
        return 100
    return 100 * (1 + (nth - 30 + 9) // 10)


def fee_by_pages(pages):
    """The fee of one application whose answer runs to `pages` pages, in yuan."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    total, previous = 0, 0
    for last, rate in PAGE_BANDS:
        upper = pages if last is None else min(pages, last)
        if upper > previous:
            total += (upper - previous) * rate
        if last is None or pages <= last:
            break
        previous = last
    return total


def fee(method, *, nth=None, pages=None):
    """The fee by one method: `nth` for 按件计收, `pages` for 按量计收, never both."""
    if method == Method.BY_REQUEST:
        if pages is not None:
            raise ValueError("按件计收与按量计收不得同时采用")
        return fee_by_request(nth)
    if nth is not None:
        raise ValueError("按件计收与按量计收不得同时采用")
    return fee_by_pages(pages)
