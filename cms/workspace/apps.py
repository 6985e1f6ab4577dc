from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The program manager's workspace in the Wagtail admin: incubator data, queues, reports."""

    name = "cms.workspace"
    label = "workspace"
    verbose_name = _("Program workspace")
