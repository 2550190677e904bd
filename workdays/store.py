"""
Every change of the stored calendar goes through here: one transaction that writes the year's
schedule and days (with their history), changes the calendar's version and writes the audit log.

Admin edits that save the models one by one reach the same version change through the signal
receivers below, so no edit can leave another process on the old calendar.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

import audit
from workdays import calendar
from workdays.models import CalendarVersion, Schedule, ScheduleDay, new_token

ENTER = "calendar_enter"
CHANGE = "calendar_change"
DELETE = "calendar_delete"
AUDIT_ACTIONS = {ENTER: "录入节假日安排", CHANGE: "修改节假日安排", DELETE: "删除节假日安排"}

OFF = ScheduleDay.Kind.OFF
WORK = ScheduleDay.Kind.WORK
KIND_LABELS = {OFF: "放假", WORK: "上班"}
KINDS_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}


class ScheduleError(ValueError):
    """A schedule cannot be saved; `errors` holds one Chinese sentence per problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class Change:
    """What a save did to one year."""

    schedule: Schedule
    created: bool = False
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)

    @property
    def touched(self):
        return self.created or bool(self.added or self.removed or self.changed)


def bump_version():
    """Give the calendar a new version, inside the caller's transaction."""
    updated = CalendarVersion.objects.filter(pk=1).update(number=F("number") + 1, token=new_token())
    if not updated:
        CalendarVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    calendar.new_unit_of_work()


def change_reason(days, change):
    """The history's and audit log's line for a save: the totals and what moved."""
    off = sum(1 for kind in days.values() if kind == OFF)
    text = f"放假 {off} 天，调休上班 {len(days) - off} 天"
    moved = [
        f"{label} {len(dates)} 天"
        for label, dates in (
            ("新增", change.added),
            ("删除", change.removed),
            ("改动", change.changed),
        )
        if dates and not change.created
    ]
    return f"{text}（{'，'.join(moved)}）" if moved else text


def check_days(year, days):
    """
    Chinese sentences for what is wrong with `days` ({date: kind}) as `year`'s schedule.

    A day must fall in the year; a make-up working day (上班) must be a Saturday or Sunday,
    since a weekday is a working day anyway.
    """
    errors = []
    for day, kind in sorted(days.items()):
        if day.year != year:
            errors.append(f"{day.isoformat()} 不在 {year} 年内。")
        elif kind not in KIND_LABELS:
            errors.append(f"{day.isoformat()} 的类型“{kind}”不是放假或上班。")
        elif kind == WORK and day.weekday() < 5:
            errors.append(f"{day.isoformat()} 是周一至周五，本来就是工作日，不能标为调休上班。")
    return errors


def save_schedule(
    year,
    days,
    *,
    user=None,
    request=None,
    notice_title=None,
    notice_text=None,
    source=Schedule.Source.PERSON,
    names=None,
):
    """
    Make `days` ({date: kind}) the whole schedule of `year`, in one transaction.

    Only the days that differ are written (each with its history record); the calendar's
    version changes and, for a person's change, the audit log gets an entry. `names` may give
    a holiday name per date. Raises ScheduleError without writing anything.
    """
    errors = check_days(year, days)
    if errors:
        raise ScheduleError(errors)
    names = names or {}
    who = getattr(request, "user", None) or user
    if who is not None and not getattr(who, "is_authenticated", False):
        who = None
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().filter(year=year).first()
        created = schedule is None
        existing = {} if created else {day.date: day for day in schedule.days.all()}
        if created:
            schedule = Schedule(year=year)
        change = Change(schedule, created=created)
        change.removed = sorted(date for date in existing if date not in days)
        change.changed = sorted(
            date
            for date, day in existing.items()
            if date in days
            and (day.kind != days[date] or (date in names and day.name != names[date]))
        )
        change.added = sorted(date for date in days if date not in existing)
        if notice_title is not None:
            schedule.notice_title = notice_title
        if notice_text is not None:
            schedule.notice_text = notice_text
        schedule.source = source
        if source == Schedule.Source.PERSON:
            schedule.entered_by = who
        schedule.entered_at = timezone.now()
        schedule._history_user = who
        schedule._change_reason = change_reason(days, change)
        schedule.save()
        for date in change.removed:
            existing[date]._history_user = who
            existing[date].delete()
        for date in change.changed:
            day = existing[date]
            day.kind = days[date]
            day.name = names.get(date, day.name)
            day._history_user = who
            day.save()
        new = [
            ScheduleDay(schedule=schedule, date=date, kind=days[date], name=names.get(date, ""))
            for date in change.added
        ]
        if new:
            bulk_create_with_history(new, ScheduleDay, default_user=who)
        bump_version()
        if source == Schedule.Source.PERSON:
            audit.record(
                request or who,
                ENTER if created else CHANGE,
                obj=schedule,
                detail=schedule._change_reason,
            )
    return change


def delete_schedule(schedule, *, request=None, user=None):
    """Remove a year's schedule: its days count Monday to Friday again, as estimates."""
    with transaction.atomic():
        audit.record(request or user, DELETE, obj=schedule, detail=str(schedule))
        schedule.delete()
        bump_version()


def on_calendar_change(sender, **kwargs):
    """A schedule or a day saved or deleted one by one (the admin): a new version."""
    bump_version()


def save_notice(notice, *, user=None, request=None):
    """
    Save a parsed notice (workdays.notice.Notice) as its year's schedule, in one transaction.

    Days the notice sets in a neighbouring year (2022年12月31日 in the 2023 notice) are added to
    that year's schedule. A weekend day off there changes nothing and is left out when that year
    has no schedule; any other such day needs the year entered first.
    """
    if not notice.ok:
        raise ScheduleError(notice.problems)
    with transaction.atomic():
        change = save_schedule(
            notice.year,
            notice.days,
            user=user,
            request=request,
            notice_title=notice.title,
            notice_text=notice.text,
            names=notice.names,
        )
        by_year = {}
        for day, kind in notice.other_years.items():
            by_year.setdefault(day.year, {})[day] = kind
        for year, days in sorted(by_year.items()):
            schedule = Schedule.objects.filter(year=year).first()
            if schedule is None:
                needed = sorted(d for d, kind in days.items() if kind == WORK or d.weekday() < 5)
                if needed:
                    raise ScheduleError(
                        [
                            f"通知把 {needed[0].isoformat()} 定为{KIND_LABELS[days[needed[0]]]}，"
                            f"但{year}年的节假日安排尚未录入：请先录入{year}年。"
                        ]
                    )
                continue
            current = {day.date: day.kind for day in schedule.days.all()}
            if all(current.get(day) == kind for day, kind in days.items()):
                continue
            names = {day.date: day.name for day in schedule.days.all()}
            names.update({day: notice.names[day] for day in days if day in notice.names})
            save_schedule(year, {**current, **days}, user=user, request=request, names=names)
    return change
