"""
The years the chinesecalendar package knows, stored as schedules: the calendar's starting data.

Run on every migrate and by load_standard_data. Safe to run any number of times: a year the
package gives the same days for is left alone, a year a person entered or edited is never
overwritten, and only a year still holding the package's data is updated to a newer release.
This is the only module that imports chinesecalendar.
"""

from chinese_calendar.constants import holidays, workdays

from workdays.models import Schedule
from workdays.store import OFF, WORK, save_schedule

PACKAGE_NOTICE = "chinesecalendar 软件包自带的节假日数据"
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_years():
    """{year: ({date: kind}, {date: holiday name})} of every year the package knows."""
    years = {}
    for source, kind in ((holidays, OFF), (workdays, WORK)):
        for day, holiday in source.items():
            days, names = years.setdefault(day.year, ({}, {}))
            days[day] = kind
            names[day] = HOLIDAY_NAMES.get(holiday, holiday)
    return years


def seed_package_years():
    """Store the package's years; returns (years written, years kept because a person entered them)."""
    stored = {
        schedule.year: schedule
        for schedule in Schedule.objects.prefetch_related("days").order_by("year")
    }
    written, kept = [], []
    for year, (days, names) in sorted(package_years().items()):
        schedule = stored.get(year)
        if schedule is not None:
            if schedule.entered_by_person:
                kept.append(year)
                continue
            current = {day.date: day.kind for day in schedule.days.all()}
            if current == days:
                continue
        save_schedule(
            year,
            days,
            notice_title=PACKAGE_NOTICE,
            notice_text="",
            source=Schedule.Source.PACKAGE,
            names=names,
        )
        written.append(year)
    return written, kept


def on_post_migrate(sender, using="default", **kwargs):
    if using != "default":
        return
    seed_package_years()
