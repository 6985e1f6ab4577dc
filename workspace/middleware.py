"""Wagtail routes that cannot be narrowed by a hook, checked before their view runs.

**Site history.** Wagtail's own "Site history" report (``/cms/reports/site-history/``, its results
and exports) lists the names of edited records of every area, with no way to narrow it to a
manager's area. So only national managers, superusers and admin users who hold no area at all
(content editors: their history is pages, images and documents) may open it; a regional manager
or a manager without an area gets a 404, like any other record outside their area. The Reports
menu hides it from the same people (``wagtail_hooks.hide_site_history``).

**Bulk actions.** ``/cms/bulk/<app>/<model>/<action>/`` runs any registered bulk action on the ids
in its URL: :func:`workspace.bulk_actions.check_bulk_action` applies the area and permission
rules first, for every model.

Wagtail registers these URLs before any ``register_admin_urls`` hook, so a hook cannot replace the
views; a middleware keyed on the resolved view name is the smallest change that does not patch
Wagtail.
"""

from __future__ import annotations

from django.http import Http404

from accounts import roles
from incubator.scope import scope_for

SITE_HISTORY_VIEWS = frozenset(
    {"wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"}
)


def may_see_site_history(user) -> bool:
    """False for a manager (or anyone with an area) who does not see the whole program."""
    scope = scope_for(user)
    if scope.national:
        return True
    return scope.region is None and not roles.is_manager(user)


class AdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        if match.view_name in SITE_HISTORY_VIEWS and not may_see_site_history(request.user):
            raise Http404
        if match.view_name == "wagtail_bulk_action":
            from workspace.bulk_actions import check_bulk_action

            check_bulk_action(request, **view_kwargs)
        return None
