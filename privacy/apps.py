import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """People's rights over their data (UU PDP 27/2022): see, download, delete; retention.

    Sits above ``complaints`` and ``mentoring``: it reads and erases records of every app below it.
    """

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # The schedule lives in ``notifications``, below this app: privacy adds its nightly job
        # itself, at a quiet hour before the 03:30 pruning.
        from notifications.schedule import Job, register
        from privacy import tasks

        register(Job("apply-retention", tasks.apply_retention, at=datetime.time(2, 0)))
