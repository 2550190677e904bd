import datetime

import pytest

from workdays.months import add_months, month_end

d = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (d(2026, 5, 31), 3, d(2026, 8, 31)),
        (d(2026, 5, 31), 1, d(2026, 6, 30)),
        (d(2026, 3, 31), -1, d(2026, 2, 28)),
        (d(2028, 3, 31), -1, d(2028, 2, 29)),
        (d(2026, 1, 15), -3, d(2025, 10, 15)),
        (d(2026, 11, 30), 14, d(2028, 1, 30)),
        (d(2026, 12, 1), 0, d(2026, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_month_end():
    assert [month_end(2028, m).day for m in (1, 2, 4, 12)] == [31, 29, 30, 31]
