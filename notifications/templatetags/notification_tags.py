"""``{% notification_bell %}``: the bell with the unread count in every page header."""

from __future__ import annotations

from django import template

from notifications import selectors, services

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    """One aggregate per request (cached on the request). Opening a page that unread items point to
    marks them seen, so they do not go out by SMS or e-mail: one UPDATE, only when some are unseen."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    count = getattr(request, "_notification_unread", None)
    if count is None:
        path = _without_language(request.path)
        count, unseen_here = selectors.bell_counts(user=user, path=path)
        if unseen_here:
            services.mark_path_seen(user=user, path=path)
        request._notification_unread = count
    return {"show": True, "count": count}


def _without_language(path: str) -> str:
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        if code != settings.LANGUAGE_CODE and path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path
