from django.apps import AppConfig


class LedgerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ledger"
    verbose_name = "工作台账"

    def ready(self):
        from ledger import receivers

        receivers.connect()
