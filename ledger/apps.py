from django.apps import AppConfig

from contributions.declare import SelfCheckRules
from contributions.roles import ALL, CLERK, HEAD, LEADER, SITE_ADMIN


class LedgerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ledger"
    verbose_name = "工作台账"

    page_cached_models = ("Ledger", "Task", "Requirement", "ProgressEntry")
    role_permissions = {
        SITE_ADMIN: ALL,
        # Progress on the ledger requirements of the clerk's own offices (ledger.rights).
        CLERK: (
            *("view_ledger", "view_requirement", "view_progressentry"),
            *("add_progressentry", "change_progressentry", "submit_progressentry"),
        ),
        # The work ledger the disclosure office keeps.
        HEAD: (
            *("view_ledger", "add_ledger", "change_ledger"),
            *("view_requirement", "add_requirement", "change_requirement"),
            *("submit_requirement", "check_requirement", "publish_requirement"),
            *("view_officename", "change_officename"),
            *("view_progressentry", "check_progressentry", "publish_progressentry"),
        ),
        LEADER: (
            *("view_ledger", "view_requirement", "view_progressentry"),
            *("approve_progressentry", "approve_requirement"),
        ),
    }
    selfcheck_rules = SelfCheckRules(
        order=130,
        function="ledger.checks.self_check",
        rules=(
            ("ledger_overdue", "台账要求逾期"),
            ("ledger_stale", "持续推进事项两个月未报进展"),
        ),
    )

    def ready(self):
        from ledger import receivers

        receivers.connect()
