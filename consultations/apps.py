from django.apps import AppConfig

from contributions.declare import DemoLoader, MenuEntry, SelfCheckRules
from contributions.roles import ALL, CLERK, HEAD, SITE_ADMIN


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "意见征集"

    page_cached_models = ("Consultation",)
    # 意见征集 (README): the clerk runs their office's consultations and classifies the comments
    # (offices.rights); the head does so for every office.
    role_permissions = {
        SITE_ADMIN: ALL,
        CLERK: (
            *("view_consultation", "add_consultation", "change_consultation"),
            *("view_comment", "change_comment"),
        ),
        HEAD: (
            *("view_consultation", "add_consultation", "change_consultation"),
            *("view_comment", "change_comment"),
        ),
    }
    selfcheck_rules = SelfCheckRules(
        order=170,
        function="consultations.checks.self_check",
        rules=(
            ("consultation_no_feedback", "征集结束未反馈"),
            ("consultation_none_in_year", "年度未开展意见征集"),
        ),
    )
    demo_loader = DemoLoader("load_demo_consultations", order=30)
    menu_entries = (
        MenuEntry(
            "意见征集",
            "consultations:consultation-list",
            order=30,
            nav="consultations",
            hint="对政策文件草案提出意见",
        ),
    )
    # The column table's columns these pages serve (columns.services): they are never empty.
    column_services = {
        5: [("consultations:consultation-list", "正在征集意见的草案和已结束的意见征集")],
        6: [("consultations:consultation-list", "意见征集及其反馈情况")],
    }
