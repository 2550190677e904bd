from django.apps import AppConfig
from django.db.models.signals import post_save

from contributions.declare import DemoLoader, MenuEntry, SelfCheckRules
from contributions.roles import ALL, HEAD, LEADER, SITE_ADMIN


class AnnualReportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annualreport"
    verbose_name = "政府信息公开工作年度报告"

    page_cached_models = ("AnnualReport",)
    role_permissions = {
        SITE_ADMIN: ALL,
        # The annual report the disclosure office keeps.
        HEAD: (
            *("view_annualreport", "add_annualreport", "change_annualreport"),
            # A published report's revisions: drafted by the head, approved by the leader.
            *("submit_annualreport", "check_annualreport", "publish_annualreport"),
        ),
        LEADER: ("view_annualreport", "approve_annualreport"),
    }
    selfcheck_rules = SelfCheckRules(
        order=140,
        function="annualreport.checks.self_check",
        rules=(("report_due", "年度报告待发布"), ("report_missing", "年度报告逾期未发布")),
    )
    # The demo ledger and report (the report reads the demo publications).
    demo_loader = DemoLoader("load_demo_ledger", order=20)
    menu_entries = (
        MenuEntry(
            "政府信息公开年报",
            "annualreport:report-list",
            order=25,
            header=False,
            hint="历年政府信息公开工作年度报告",
        ),
    )

    def ready(self):
        from annualreport import receivers
        from publications.models import Publication
        from review.models import Revision

        post_save.connect(
            receivers.on_publication_saved, sender=Publication, dispatch_uid="annualreport-pub"
        )
        post_save.connect(
            receivers.on_revision_saved, sender=Revision, dispatch_uid="annualreport-revision"
        )
