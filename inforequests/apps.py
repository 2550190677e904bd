from django.apps import AppConfig

from contributions.declare import DemoLoader, MenuEntry, SelfCheckRules
from contributions.roles import ALL, CLERK, HEAD, LEADER, SITE_ADMIN


class InforequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inforequests"
    verbose_name = "依申请公开"

    page_cached_models = ("InfoRequest", "RequestStep")
    role_permissions = {
        SITE_ADMIN: ALL,
        # Requests of the clerk's own office (offices.rights): register, take steps, draft answers.
        CLERK: (
            *("view_inforequest", "add_inforequest", "change_inforequest"),
            *("view_releasedfile", "add_releasedfile", "change_releasedfile"),
            "delete_releasedfile",
            *("view_answer", "add_answer", "change_answer", "submit_answer"),
        ),
        # Every request: assigns the handling office, approves extensions, keeps the letters.
        HEAD: (
            *("view_inforequest", "add_inforequest", "change_inforequest"),
            "approve_extension",
            *("view_releasedfile", "add_releasedfile", "change_releasedfile"),
            "delete_releasedfile",
            *("view_lettertemplate", "change_lettertemplate"),
            *("view_answer", "check_answer", "publish_answer"),
        ),
        LEADER: ("view_inforequest", "view_answer", "approve_answer"),
    }
    selfcheck_rules = SelfCheckRules(
        order=150,
        function="inforequests.checks.self_check",
        rules=(
            ("request_due", "依申请公开即将到期或已逾期"),
            ("correction_late", "补正告知超过7个工作日"),
        ),
    )
    demo_loader = DemoLoader("load_demo_requests", order=50)
    menu_entries = (
        MenuEntry(
            "依申请公开",
            "inforequests:guide",
            order=20,
            nav="yisqgk",
            hint="申请公开政府信息，查询办理进度",
        ),
    )
    # The column table's columns these pages serve (columns.services): they are never empty.
    column_services = {
        54: [
            ("inforequests:guide", "依申请公开指南"),
            ("inforequests:form-download", "申请表下载"),
        ],
        55: [("inforequests:register", "依申请公开目录")],
        56: [
            ("inforequests:apply", "在线提交政府信息公开申请"),
            ("inforequests:status", "申请办理进度查询"),
        ],
        57: [("inforequests:statistics", "依申请公开统计")],
    }
