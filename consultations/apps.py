from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "意见征集"
    # The column table's columns these pages serve (columns.services): they are never empty.
    column_services = {
        5: [("consultations:consultation-list", "正在征集意见的草案和已结束的意见征集")],
        6: [("consultations:consultation-list", "意见征集及其反馈情况")],
    }
