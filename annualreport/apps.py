from django.apps import AppConfig


class AnnualReportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annualreport"
    verbose_name = "政府信息公开工作年度报告"
