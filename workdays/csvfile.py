"""
Schedules as CSV, one day a row: 日期,类型,节日 (2027-01-01,放假,元旦).

An import replaces the whole schedule of every year the file names, all or nothing: a file with
one bad row changes nothing and names the row. Excel's UTF-8 with BOM reads as plain UTF-8.
"""

import csv
import datetime
import io

from django.db import transaction

from sitewide.csvfile import csv_text, unescape
from workdays.models import ScheduleDay
from workdays.store import KIND_LABELS, KINDS_BY_LABEL, ScheduleError, check_days, save_schedule

HEADER = ("日期", "类型", "节日")


def export_csv(year):
    """
    The CSV text of `year`'s schedule (just the header when the year has none); a holiday's
    name that looks like a formula leaves with an apostrophe (sitewide.csvfile), taken off on import.
    """
    days = ScheduleDay.objects.filter(schedule__year=year).order_by("date")
    rows = [
        (day.isoformat(), KIND_LABELS[kind], name)
        for day, kind, name in days.values_list("date", "kind", "name")
    ]
    return csv_text(HEADER, rows, lineterminator="\n")


def read_csv(text):
    """{year: ({date: kind}, {date: name})} from CSV text; ScheduleError naming every bad row."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or tuple(cell.strip() for cell in rows[0][:2]) != HEADER[:2]:
        raise ScheduleError([f"第 1 行应为表头“{','.join(HEADER)}”。"])
    years, errors, seen = {}, [], set()
    for number, row in enumerate(rows[1:], start=2):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        date_text = cells[0]
        kind_text = cells[1] if len(cells) > 1 else ""
        name = unescape(cells[2]) if len(cells) > 2 else ""
        try:
            day = datetime.date.fromisoformat(date_text)
        except ValueError:
            errors.append(
                f"第 {number} 行：日期“{date_text}”无效，应为 YYYY-MM-DD，如 2027-01-01。"
            )
            continue
        if kind_text not in KINDS_BY_LABEL:
            errors.append(f"第 {number} 行：类型“{kind_text}”无效，应为“放假”或“上班”。")
            continue
        if day in seen:
            errors.append(f"第 {number} 行：{day.isoformat()} 重复出现。")
            continue
        seen.add(day)
        days, names = years.setdefault(day.year, ({}, {}))
        days[day] = KINDS_BY_LABEL[kind_text]
        if name:
            names[day] = name
    for year, (days, _) in sorted(years.items()):
        errors.extend(check_days(year, days))
    if not years and not errors:
        errors.append("文件中没有任何日期。")
    if errors:
        raise ScheduleError(errors)
    return years


def import_csv(text, *, user=None, notice_title="CSV 导入"):
    """Replace the schedule of every year in the file, in one transaction; returns the years."""
    years = read_csv(text)
    with transaction.atomic():
        for year, (days, names) in sorted(years.items()):
            save_schedule(year, days, user=user, names=names, notice_title=notice_title)
    return sorted(years)
