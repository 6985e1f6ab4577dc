"""Small pieces the apps' Wagtail admin views share: every view checks its own permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem


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
