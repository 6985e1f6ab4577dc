from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """People's rights over their data (UU PDP 27/2022): see, download, delete; retention.

    Sits above ``complaints`` and ``mentoring``: it reads and erases records of every app below it.
    """

    name = "privacy"
    verbose_name = _("Privacy")
