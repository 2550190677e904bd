"""
Delete audit entries older than PORTAL_AUDIT_RETENTION_DAYS (365 unless set; at least 180).

    python manage.py purge_audit_log                    # a platform of one unit: every entry
    python manage.py purge_audit_log --all-units        # from cron, e.g. monthly: every entry
    python manage.py purge_audit_log --unit CODE        # one unit's entries only
    python manage.py purge_audit_log --dry-run          # only count

The retention is the platform's, so the cron line purges the whole log: every unit's entries
(live or not) and the platform's own (sign-ins, the calendar), which belong to no unit. `--unit`
purges one unit's entries and leaves everything else.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.models import MINIMUM_RETENTION_DAYS, AuditEntry
from units.commands import add_unit_arguments, units_from_options


class Command(BaseCommand):
    help = "删除超过保留期限（PORTAL_AUDIT_RETENTION_DAYS 天）的审计日志。"

    def add_arguments(self, parser):
        add_unit_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, dry_run=False, **options):
        days = settings.PORTAL_AUDIT_RETENTION_DAYS
        if days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                f"审计日志保留期限 PORTAL_AUDIT_RETENTION_DAYS={days} 天太短：网络日志至少要保留 "
                f"{MINIMUM_RETENTION_DAYS} 天（六个月，《网络安全法》第二十一条）。"
                f"请把它设为 {MINIMUM_RETENTION_DAYS} 或更大（默认 365）后再运行；本次未删除任何记录。"
            )
        units = units_from_options(options)
        entries = AuditEntry.objects.all()
        scope = ""
        if options.get("unit"):
            (unit,) = units
            entries = entries.filter(unit=unit)
            scope = f"{unit.name}的"
        if dry_run:
            count = entries.older_than(days).count()
            self.stdout.write(
                f"有 {count} 条{scope}审计日志早于 {days} 天前，将被删除（本次未删除）。"
            )
            return
        count = entries.purge(days)
        self.stdout.write(f"已删除 {count} 条{scope}早于 {days} 天前的审计日志。")
