"""Wagtail's bulk user actions (assign role, set active state, delete) under Tumbuh's rules.

Wagtail's own actions act on any user id put in the URL and offer every group. Here, like the user
edit page, they reach only the people the signed-in user may reach
(``workspace.scoping.users_reachable_by``): an id outside that answers 404, so the
confirmation page never names someone out of reach, and "select all" is narrowed the same way.
The role form offers only the groups the actor may give (``workspace.wagtail_users.grantable_groups``).
``accounts.wagtail_hooks`` registers these in place of Wagtail's.
"""

from __future__ import annotations

from django.http import Http404
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)


def parse_ids(object_ids) -> list[int]:
    """The ids of a bulk action's URL as integers; anything else is not found (no 500)."""
    try:
        ids = {int(pk) for pk in object_ids}
    except (TypeError, ValueError):
        raise Http404 from None
    if not ids or any(pk <= 0 or pk >= 2**63 for pk in ids):
        raise Http404
    return sorted(ids)


class ReachableUsersMixin:
    """Narrow every id of the action to the people the actor may reach; 404 for any other."""

    # Read by ``workspace.bulk_actions``: this action narrows its own objects.
    tumbuh_scoped = True

    def reachable_users(self):
        from workspace.scoping import users_reachable_by

        return self.model._default_manager.filter(users_reachable_by(self.request.user))

    def get_all_objects_in_listing_query(self, parent_id):
        found = list(super().get_all_objects_in_listing_query(parent_id))
        return self.reachable_users().filter(pk__in=found).values_list("pk", flat=True)

    def get_queryset(self, model, object_ids):  # an instance method: it needs the request
        ids = list(object_ids) if not isinstance(object_ids, list) else object_ids
        if not ids:
            raise Http404
        ids = parse_ids(ids)
        objects = list(self.reachable_users().filter(pk__in=ids).order_by("pk"))
        if len(objects) != len(ids):
            raise Http404  # like the user edit page: someone out of reach is not found
        return objects


class TumbuhAssignRoleBulkAction(ReachableUsersMixin, AssignRoleBulkAction):
    def get_form(self, form_class=None):
        from workspace.wagtail_users import grantable_groups

        form = super().get_form(form_class)
        form.fields["role"].queryset = grantable_groups(self.request.user)
        return form


class TumbuhSetActiveStateBulkAction(ReachableUsersMixin, SetActiveStateBulkAction):
    pass


class TumbuhDeleteBulkAction(ReachableUsersMixin, DeleteBulkAction):
    pass


USER_BULK_ACTIONS = (TumbuhAssignRoleBulkAction, TumbuhSetActiveStateBulkAction, TumbuhDeleteBulkAction)
