"""The three roles, as Django groups with permissions.

Each app may declare ``ROLE_PERMISSIONS = {role: ["app_label.codename", ...]}`` in its own
``permissions`` module; ``sync_groups`` gathers them after every migrate.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ENTREPRENEUR = "Entrepreneur"
MENTOR = "Mentor"
MANAGER = "Program manager"
ROLES = (ENTREPRENEUR, MENTOR, MANAGER)
ROLE_LABELS = {ENTREPRENEUR: _("Entrepreneur"), MENTOR: _("Mentor"), MANAGER: _("Program manager")}
# The only roles a regional manager may give: never manager, safeguarding or content rights.
REGIONAL_GRANTABLE_GROUPS = (ENTREPRENEUR, MENTOR)

BASE_PERMISSIONS: dict[str, list[str]] = {
    ENTREPRENEUR: [],
    MENTOR: [],
    MANAGER: [
        "wagtailadmin.access_admin",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
    ],
}


def role_permissions() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {role: set(perms) for role, perms in BASE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.permissions":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            wanted.setdefault(role, set()).update(perms)
    return wanted


@transaction.atomic
def sync_groups() -> None:
    """Create the role groups and give each exactly the permissions the code declares."""
    for role, perms in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        found = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                found.append(permission)
        group.permissions.set(found)


def sync_groups_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """After migrate: create every app's permissions first, then fill the groups.

    ``post_migrate`` runs app by app; on a fresh database the permissions of apps listed after
    ``accounts`` would not exist yet, and a single ``migrate`` would leave the groups nearly empty.
    """
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_groups()


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_tumbuh_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._tumbuh_roles = cached
    return cached


def is_entrepreneur(user) -> bool:
    return ENTREPRENEUR in roles_of(user)


def is_mentor(user) -> bool:
    return MENTOR in roles_of(user)


def is_manager(user) -> bool:
    return user.is_authenticated and (user.is_superuser or MANAGER in roles_of(user))


def home_url(user) -> str:
    """Where a signed-in person lands: managers in the CMS, mentors on /mentor/, others on /portal/."""
    if is_manager(user):
        return reverse("wagtailadmin_home")
    if is_mentor(user):
        return reverse("incubator:mentor_home")
    return reverse("incubator:portal_home")


def has_no_roles_yet(user) -> None:
    """Remember that ``user``, an account just created, is in no group: their first role check then
    reads nothing (``add_role`` keeps the remembered set up to date)."""
    user._tumbuh_roles = set()


# The groups read inside ``groups_read_once()``, by role; None outside it.
_groups_read: ContextVar[dict[str, Group] | None] = ContextVar("tumbuh_groups_read", default=None)


@contextmanager
def groups_read_once() -> Iterator[None]:
    """Inside, each role's group is read once, for a batch that gives many people a role (an import)
    instead of once a person. Groups are made by ``sync_groups`` after every migrate and are never
    renamed or deleted while a batch runs."""
    token = _groups_read.set({})
    try:
        yield
    finally:
        _groups_read.reset(token)


def _group(role: str) -> Group:
    read = _groups_read.get()
    if read is not None and role in read:
        return read[role]
    group, created = Group.objects.get_or_create(name=role)
    if read is not None and not created:  # one made here could still be rolled back with its row
        read[role] = group
    return group


def add_role(user, role: str) -> None:
    user.groups.add(_group(role))
    known = user.__dict__.get("_tumbuh_roles")
    if known is not None:
        user._tumbuh_roles = known | {role}
