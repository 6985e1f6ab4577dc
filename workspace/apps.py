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


def _cache_the_sidebar() -> None:
    """Wagtail's ``{% sidebar_props %}`` tag, replaced in its library by one that caches its HTML per
    person (``workspace.sidebar``); and what invalidates it."""
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, Locale, Page, Site
    from wagtail.signals import post_page_move
    from wagtail.users.models import UserProfile

    from workspace.sidebar import bump_version, cached_sidebar_props

    build = wagtailadmin_tags.sidebar_props

    def sidebar_props(context):
        return cached_sidebar_props(context, build)

    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True)
    for model in (Group, GroupPagePermission, GroupCollectionPermission, UserProfile, Locale, Site):
        post_save.connect(bump_version, sender=model, dispatch_uid=f"sidebar-save-{model.__name__}")
        post_delete.connect(bump_version, sender=model, dispatch_uid=f"sidebar-delete-{model.__name__}")
    post_delete.connect(bump_version, sender=Page, dispatch_uid="sidebar-delete-Page")  # the explorer's root
    # A person's own groups and permissions are in the fingerprint (read on every request anyway): a receiver
    # on User.groups would also cost every group add a query (Django's fast add needs no m2m receiver).
    m2m_changed.connect(
        bump_version, sender=Group.permissions.through, dispatch_uid="sidebar-m2m-group-permissions"
    )
    post_page_move.connect(bump_version, dispatch_uid="sidebar-page-moved")


class WorkspaceConfig(AppConfig):
    """The program manager's workspace in the Wagtail admin: incubator data, queues, reports."""

    name = "workspace"
    label = "workspace"
    verbose_name = _("Program workspace")

    def ready(self) -> None:
        post_migrate.connect(_groups_after_migrate, sender=self)
        _cache_the_sidebar()
