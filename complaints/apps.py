from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    """Complaints and referrals, in the style of a Puskesos-SLRT service point."""

    name = "complaints"
    verbose_name = _("Complaints and referrals")
