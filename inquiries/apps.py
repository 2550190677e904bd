from django.apps import AppConfig

from contributions.declare import DemoLoader, MenuEntry, SelfCheckRules
from contributions.roles import ALL, CLERK, HEAD, SITE_ADMIN


class InquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inquiries"
    verbose_name = "留言（互动回应）"

    # 留言 (README): the clerk answers the messages assigned to their office (offices.rights);
    # the head also assigns new messages to offices.
    role_permissions = {
        SITE_ADMIN: ALL,
        CLERK: ("view_message", "change_message"),
        HEAD: ("view_message", "change_message"),
    }

    selfcheck_rules = SelfCheckRules(
        order=180,
        function="inquiries.checks.self_check",
        rules=(("message_overdue", "留言逾期未答复"), ("message_due_soon", "留言即将到期")),
    )
    demo_loader = DemoLoader("load_demo_messages", order=40)
    menu_entries = (
        MenuEntry(
            "留言",
            "inquiries:message-form",
            order=40,
            nav="messages",
            hint="向本局咨询、提出建议",
        ),
    )
    # The column table's columns these pages serve (columns.services): they are never empty.
    column_services = {42: [("inquiries:message-form", "我要留言")]}
