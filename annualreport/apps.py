from django.apps import AppConfig
from django.db.models.signals import post_save


class AnnualReportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annualreport"
    verbose_name = "政府信息公开工作年度报告"

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
