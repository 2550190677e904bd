"""A year's schedule as twelve month grids: what staff check before a schedule is saved."""

import calendar as pycalendar
from dataclasses import dataclass

from workdays.store import OFF, WORK

WEEKDAY_HEADINGS = ("一", "二", "三", "四", "五", "六", "日")


@dataclass(frozen=True)
class Cell:
    day: object  # datetime.date, or None outside the month
    kind: str = ""  # "off", "work", "weekend" or "" (an ordinary working day)
    label: str = ""  # read out: 放假 / 调休上班 / 周末
    name: str = ""

    @property
    def mark(self):
        """The one character shown next to the day, so that the colour is never alone."""
        return {"off": "休", "work": "班"}.get(self.kind, "")


def year_grid(year, days, names=None):
    """[(month, [[Cell × 7] per week])] of `year`, with `days` ({date: kind}) marked."""
    names = names or {}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row = []
            for day in week:
                if day.month != month:
                    row.append(Cell(None))
                elif days.get(day) == OFF:
                    row.append(Cell(day, "off", "放假", names.get(day, "")))
                elif days.get(day) == WORK:
                    row.append(Cell(day, "work", "调休上班", names.get(day, "")))
                elif day.weekday() >= 5:
                    row.append(Cell(day, "weekend", "周末"))
                else:
                    row.append(Cell(day))
            weeks.append(row)
        months.append((month, weeks))
    return months
