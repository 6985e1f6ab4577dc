"""Managers' areas: who may set them, and to what."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from incubator.errors import IncubatorError, NotAllowed
from incubator.models import ManagerScope, Region
from incubator.scope import forget_scope, scope_for

AREA_LOG_ACTION = "incubator.manager_area"


def can_set_scopes(user: User | None) -> bool:
    """Superusers and national program managers; a regional manager may not change any area."""
    return bool(user and user.is_authenticated and roles.is_manager(user) and scope_for(user).national)


@transaction.atomic
def set_manager_scope(user: User, region: Region | None, *, by: User) -> ManagerScope:
    """Set the area ``user`` manages: a province or a regency/city, or ``None`` for national.

    Only a national manager (or a superuser) may set an area, any area. Locks the user's scope
    row (one row per manager), so two people saving at once leave one answer. Raises NotAllowed.
    """
    if not can_set_scopes(by):
        raise NotAllowed(_("Only a national program manager can set a manager's area."))
    if region is not None and region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise IncubatorError(_("A manager's area is a province or a regency/city."))
    record = ManagerScope.objects.select_for_update().filter(user=user).first()
    if record is not None and record.region_id == (region.pk if region else None):
        return record  # unchanged: keep who set it
    # update_or_create: two people giving a new manager an area at once leave one row.
    record, _created = ManagerScope.objects.update_or_create(
        user=user, defaults={"region": region, "set_by": by}
    )
    forget_scope(user)
    _log_area(user, str(region) if region else None, by=by)
    return record


@transaction.atomic
def remove_manager_scope(user: User, *, by: User) -> None:
    """Take a manager's area away: from now on they see nothing. National managers only."""
    if not can_set_scopes(by):
        raise NotAllowed(_("Only a national program manager can set a manager's area."))
    deleted, _rows = ManagerScope.objects.filter(user=user).delete()
    forget_scope(user)
    if deleted:
        _log_area(user, "", by=by)


def _log_area(user: User, area: str | None, *, by: User) -> None:
    """The history row of an area change, in Wagtail's log: shown on the user's History page.

    ``area``: a region's name, ``None`` for national, ``""`` for no area.
    """
    from wagtail.log_actions import log

    log(instance=user, action=AREA_LOG_ACTION, user=by, data={"area": area})
