from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inquiries"
    verbose_name = "留言（互动回应）"
    # The column table's columns these pages serve (columns.services): they are never empty.
    column_services = {42: [("inquiries:message-form", "我要留言")]}
