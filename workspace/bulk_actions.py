"""Wagtail's bulk actions (``/cms/bulk/<app>/<model>/<action>/?id=…``) under the area rules.

Wagtail's dispatcher runs any registered bulk action on any id in the URL. Every request to it
passes :func:`check_bulk_action` first (``workspace.middleware.AdminScopeMiddleware``), for
every model, including ones registered later:

* actions that narrow their own objects (``tumbuh_scoped = True``, the user actions in
  ``workspace.user_bulk_actions``) are left to do so;
* pages, images and documents are the program's national learning content: Wagtail checks its
  page and collection permissions object by object; ids must be numbers (404 otherwise);
* a program workspace model (``workspace.viewsets``): the model permission is required
  (403), every id must lie in the manager's area (404 otherwise, like its edit page), "select
  all" only for national managers, and program-wide records only for national managers;
* any other model: administrators (superusers) only; anyone else gets 404 (deny by default).
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from incubator.scope import scope_for
from workspace.user_bulk_actions import parse_ids

BULK_ACTION_VIEW = "wagtail_bulk_action"
CONTENT_MODELS = frozenset({"wagtailcore.page", "wagtailimages.image", "wagtaildocs.document"})


@cache
def workspace_rules() -> dict[str, tuple]:
    """``{model label: (scope_q, national_only_writes)}`` of every program workspace viewset."""
    from workspace.viewsets import ProgramViewSetGroup, WorkspaceModelViewSet

    rules = {}
    for viewset_class in ProgramViewSetGroup.items:
        if issubclass(viewset_class, WorkspaceModelViewSet):
            viewset = viewset_class()
            rules[viewset.model._meta.label_lower] = (viewset.scope_q, viewset.national_only_writes)
    return rules


def check_bulk_action(request, app_label: str, model_name: str, action: str) -> None:
    """Raise ``Http404`` or ``PermissionDenied`` when ``request.user`` may not run this action here."""
    user = request.user
    if not user.has_perm("wagtailadmin.access_admin"):
        return  # Wagtail sends them to the login page itself
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        return  # Wagtail answers 404
    if getattr(action_class, "tumbuh_scoped", False):
        return
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    label = model._meta.label_lower
    ids = request.GET.getlist("id")
    if label in CONTENT_MODELS:
        if "all" not in ids:
            parse_ids(ids)
        return
    rule = workspace_rules().get(label)
    if rule is None:
        if user.is_superuser:
            return
        raise Http404
    scope_q, national_only = rule
    opts = model._meta
    if not any(
        user.has_perm(f"{opts.app_label}.{verb}_{opts.model_name}") for verb in ("add", "change", "delete")
    ):
        raise PermissionDenied
    scope = scope_for(user)
    if national_only and not scope.national:
        raise PermissionDenied
    if "all" in ids:
        if not scope.national:
            raise Http404
        return
    wanted = parse_ids(ids)
    if model._default_manager.filter(scope_q(scope), pk__in=wanted).count() != len(wanted):
        raise Http404
