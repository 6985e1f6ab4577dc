from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _groups_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Give the groups their permissions once every app's permissions exist.

    ``accounts`` syncs the groups on its own post_migrate, which on a fresh database runs before
    Django has created the permissions of the apps listed after it (incubator, wagtail...): the
    groups would stay nearly empty until a second migrate. Creating all permissions first, then
    syncing, makes a single migrate (and every test database) complete.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from accounts.roles import sync_groups
    from cms.workspace.permissions import ensure_content_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_groups()
    ensure_content_permissions()


class WorkspaceConfig(AppConfig):
    """The program manager's workspace in the Wagtail admin: incubator data, queues, reports."""

    name = "cms.workspace"
    label = "workspace"
    verbose_name = _("Program workspace")

    def ready(self) -> None:
        post_migrate.connect(_groups_after_migrate, sender=self)
