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
