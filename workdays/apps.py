from django.apps import AppConfig
from django.core.signals import request_started
from django.db.models.signals import post_delete, post_migrate, post_save

from contributions.roles import ALL, HEAD, SITE_ADMIN


class WorkdaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workdays"
    verbose_name = "工作日历"

    role_permissions = {
        SITE_ADMIN: ALL,
        # The holiday schedules every deadline is counted on.
        HEAD: (
            *("view_schedule", "add_schedule", "change_schedule"),
            *("view_scheduleday", "add_scheduleday", "change_scheduleday", "delete_scheduleday"),
        ),
    }

    def ready(self):
        from audit import actions
        from workdays import calendar, seed, store

        # Every request reads the calendar's version once (workdays.calendar).
        request_started.connect(calendar.new_unit_of_work, dispatch_uid="workdays-request")
        # The years the package knows arrive with every migrate; a person's years are kept.
        post_migrate.connect(seed.on_post_migrate, sender=self, dispatch_uid="workdays-seed")
        # Saves one model at a time (the admin) change the version too.
        for model in (self.get_model("Schedule"), self.get_model("ScheduleDay")):
            for signal in (post_save, post_delete):
                signal.connect(
                    store.on_calendar_change,
                    sender=model,
                    dispatch_uid=f"workdays-{model.__name__}-{id(signal)}",
                )
        for code, label in store.AUDIT_ACTIONS.items():
            actions.register(code, label)
