"""The bureau's working-day calendar (workdays), as every request's clock counts on it."""

from workdays.calendar import working_calendar


def bureau_calendar():
    return working_calendar()
