"""The one permission and menu toolkit of the Wagtail admin screens: every view checks its own permission.

Two shapes, one rule (a menu hides what the view refuses, and the view refuses again):
- a model permission through a Wagtail permission policy: ``PolicyCheckedView`` (Wagtail's own
  ``PermissionCheckedMixin``, with the policy made mandatory) and ``PermissionMenuViewSet``;
- a single permission codename (``"app_label.codename"``), for reports on models without a policy:
  ``PermissionRequiredMixin``, ``PermissionMenuItem``.
Plus ``ServiceErrorMixin`` for generic create/edit views whose save calls a service.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet

from core.errors import DomainError

# The back office's one "Program reports" menu (``workspace``): every app that adds a programme
# report registers its menu item with this hook, so the reports live in one place and no app
# above ``core`` needs importing. Wagtail's own "Reports" menu keeps only its technical pages.
PROGRAM_REPORTS_MENU_HOOK = "register_program_reports_menu_item"


class PermissionRequiredMixin:
    """Refuse (403) anyone without ``permission``, whatever menu led them here."""

    permission: str

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to holders of ``permission`` (the view checks it again)."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class PolicyCheckedView(WagtailAdminTemplateMixin, PermissionCheckedMixin):
    """A custom admin view that always checks its permission (a policy is required, never optional)."""

    permission_policy = None
    permission_required = None

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        if self.permission_policy is None or self.permission_required is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a permission policy and permission")
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuViewSet(ViewSet):
    """A viewset of custom views, shown in the menu only to people with its permission."""

    permission_policy = None
    permission_required = "view"

    @cached_property
    def menu_item_class(self):
        viewset = self

        class PolicyMenuItem(MenuItem):
            def is_shown(self, request):
                return viewset.permission_policy.user_has_permission(
                    request.user, viewset.permission_required
                )

        return PolicyMenuItem


class ServiceErrorMixin:
    """Generic create/edit views whose ``save_instance`` calls a service: show its refusal."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as exc:
            messages.error(self.request, str(exc))
            form.add_error(None, str(exc))
            self.produced_error_message = None
            return self.form_invalid(form)
