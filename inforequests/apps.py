from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inforequests"
    verbose_name = "依申请公开"
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
