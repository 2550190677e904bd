from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "意见征集"

    def ready(self):
        from consultations.models import Consultation
        from portal.page_cache import invalidate_on_change

        invalidate_on_change(Consultation)
