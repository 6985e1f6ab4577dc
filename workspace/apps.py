from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _groups_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Page, image and document rights at the root for the admin groups (``accounts`` fills the
    groups' model permissions on its own post_migrate)."""
    from workspace.permissions import ensure_content_permissions

    ensure_content_permissions()


class WorkspaceConfig(AppConfig):
    """The program manager's workspace in the Wagtail admin: incubator data, queues, reports."""

    name = "workspace"
    label = "workspace"
    verbose_name = _("Program workspace")

    def ready(self) -> None:
        post_migrate.connect(_groups_after_migrate, sender=self)
