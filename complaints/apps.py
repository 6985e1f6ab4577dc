from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaints and referrals, in the style of a Puskesos-SLRT service point."""

    name = "complaints"
    verbose_name = _("Complaints and referrals")

    def ready(self) -> None:
        from complaints.services import on_assistance_not_received
        from incubator.signals import assistance_not_received

        # A family said "no" (or never answered) to "Sudah menerima …?": a complaint, linked to the item.
        assistance_not_received.connect(on_assistance_not_received, dispatch_uid="complaints.assistance")
