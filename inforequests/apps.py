from django.apps import AppConfig


class InforequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inforequests"
    verbose_name = "依申请公开"
