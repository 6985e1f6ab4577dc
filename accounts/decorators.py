from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts import roles


def role_required(*wanted: str) -> Callable:
    """Signed-in people with one of these roles; others are sent to sign in, or refused (403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles.roles_of(request.user) & set(wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


entrepreneur_required = role_required(roles.ENTREPRENEUR)
mentor_required = role_required(roles.MENTOR)


def admin_access_or_forbidden(view: Callable) -> Callable:
    """Wagtail's admin for signed-in people who may not use it: the "Not allowed" page (403).

    Wagtail sends them to the sign-in page, which sends a signed-in person back to ``next``: an
    endless redirect loop (issue 15, C2). Visitors who are not signed in still go to sign in.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
