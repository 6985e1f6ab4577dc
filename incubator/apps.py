from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorConfig(AppConfig):
    name = "incubator"
    verbose_name = _("Incubator")

    def ready(self) -> None:
        from accounts.sms import register_inbound_handler
        from incubator.services.assistance import handle_receipt_sms

        # A family's "YA"/"TIDAK" reply to "Sudah menerima …?" answers their waiting assistance item.
        register_inbound_handler(handle_receipt_sms)
