"""The bureau's working-day calendar, as every request's clock counts on it."""


def bureau_calendar():
    from workdays.calendar import working_calendar

    return working_calendar()
