"""Who handles complaints, and the groups that carry the permissions (``accounts.roles.sync_groups``).

A handler holds ``complaints.change_complaint`` (the "Program manager" and "Safeguarding officer"
groups) and works in an area (``incubator.ManagerScope``; none means no complaints at all).
Harassment and abuse complaints additionally need ``complaints.handle_harassment``, held only by
the "Safeguarding officer" group (and superusers), never by plain program managers.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from accounts import roles
from accounts.models import User
from complaints.models import Category, Complaint
from incubator.models import Region
from incubator.scope import Scope, scope_for

SAFEGUARDING = "Safeguarding officer"
HANDLE = "complaints.change_complaint"
HARASSMENT = "complaints.handle_harassment"

ROLE_PERMISSIONS = {
    roles.MANAGER: ["complaints.view_complaint", "complaints.change_complaint"],
    SAFEGUARDING: [
        "wagtailadmin.access_admin",
        "complaints.view_complaint",
        "complaints.change_complaint",
        "complaints.handle_harassment",
    ],
}

__all__ = ["ROLE_PERMISSIONS", "can_handle", "handler_q", "handlers_for", "is_handler", "scope_for"]


def is_handler(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(HANDLE))


def may_see_harassment(user: User) -> bool:
    return user.has_perm(HARASSMENT)


def handler_q(user: User, prefix: str = "") -> Q:
    """Complaints (at ``prefix``) this user handles: in their area, harassment only with the permission."""
    if not is_handler(user):
        return Q(pk__in=[])
    scope: Scope = scope_for(user)
    q = scope.region_q(f"{prefix}region__")
    if not may_see_harassment(user):
        q &= ~Q(**{f"{prefix}category": Category.HARASSMENT})
    return q


def can_handle(user: User, complaint: Complaint) -> bool:
    if not is_handler(user):
        return False
    if complaint.category == Category.HARASSMENT and not may_see_harassment(user):
        return False
    return scope_for(user).contains_region(complaint.region)


def _holding(codename: str) -> Q:
    app_label, name = codename.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=name)
    return Q(groups__permissions__in=permission) | Q(user_permissions__in=permission) | Q(is_superuser=True)


def handlers_for(complaint: Complaint) -> QuerySet[User]:
    """The people who may be given this complaint: active handlers whose area contains its region."""
    ancestors: list[int] = []
    node: Region | None = complaint.region
    while node is not None and len(ancestors) < 3:
        ancestors.append(node.pk)
        node = node.parent
    in_area = (
        Q(is_superuser=True)
        | Q(manager_scope__isnull=False, manager_scope__region__isnull=True)
        | Q(manager_scope__region_id__in=ancestors)
    )
    people = User.objects.filter(in_area, _holding(HANDLE), is_active=True)
    if complaint.category == Category.HARASSMENT:
        people = people.filter(pk__in=User.objects.filter(_holding(HARASSMENT)).values("pk"))
    return people.distinct().order_by("full_name", "username")
