"""Managers' areas: who may set them, and to what."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from incubator.errors import IncubatorError, NotAllowed
from incubator.models import ManagerScope, Region
from incubator.scope import forget_scope, scope_for


def can_set_scopes(user: User | None) -> bool:
    """Superusers and national program managers; a regional manager may not change any area."""
    return bool(user and user.is_authenticated and roles.is_manager(user) and scope_for(user).national)


@transaction.atomic
def set_manager_scope(user: User, region: Region | None, *, by: User) -> ManagerScope:
    """Set the area ``user`` manages: a province or a regency/city, or ``None`` for national.

    Only a national manager (or a superuser) may set an area, any area. Locks the user's scope
    row, so two people saving at once leave one answer. Raises NotAllowed.
    """
    if not can_set_scopes(by):
        raise NotAllowed(_("Only a national program manager can set a manager's area."))
    if region is not None and region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise IncubatorError(_("A manager's area is a province or a regency/city."))
    record = ManagerScope.objects.select_for_update().filter(user=user).first()
    if record is None:
        record = ManagerScope(user=user)
    elif record.region_id == (region.pk if region else None):
        return record
    record.region = region
    record.set_by = by
    record.save()
    forget_scope(user)
    return record


@transaction.atomic
def remove_manager_scope(user: User, *, by: User) -> None:
    """Take a manager's area away: from now on they see nothing. National managers only."""
    if not can_set_scopes(by):
        raise NotAllowed(_("Only a national program manager can set a manager's area."))
    ManagerScope.objects.filter(user=user).delete()
    forget_scope(user)
