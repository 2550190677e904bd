"""The tariff of 国办函〔2020〕109号, by request and by quantity."""

import pytest

from inforequests import fees


@pytest.mark.parametrize(
    ("nth", "yuan"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (55, 400)],
)
def test_by_request(nth, yuan):
    assert fees.fee_by_request(nth) == yuan


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_by_pages(pages, yuan):
    assert fees.fee_by_pages(pages) == yuan


def test_never_both_methods():
    with pytest.raises(ValueError):
        fees.fee(fees.Method.BY_REQUEST, nth=11, pages=40)
    with pytest.raises(ValueError):
        fees.fee(fees.Method.BY_PAGES, nth=11, pages=40)
    assert fees.fee(fees.Method.BY_PAGES, pages=40) == 100
