"""Where staff enter a year's schedule: the admin page other apps link to."""

from django.urls import reverse


def enter_year_url(year):
    """The admin page that enters `year`'s schedule (or opens it, if it exists)."""
    return f"{reverse('admin:workdays_schedule_enter')}?year={int(year)}"
