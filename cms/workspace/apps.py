from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _content_permissions_after_migrate(**kwargs: Any) -> None:
    from cms.workspace.permissions import ensure_content_permissions

    ensure_content_permissions()


class WorkspaceConfig(AppConfig):
    """The program manager's workspace in the Wagtail admin: incubator data, queues, reports."""

    name = "cms.workspace"
    label = "workspace"
    verbose_name = _("Program workspace")

    def ready(self) -> None:
        post_migrate.connect(_content_permissions_after_migrate, sender=self)
