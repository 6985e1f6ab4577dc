"""``{{ user|user_key }}``: an opaque key per person for what the browser keeps on the phone."""

from __future__ import annotations

from django import template
from django.utils.crypto import salted_hmac

register = template.Library()


@register.filter
def user_key(user) -> str:
    """The same for one person on every page, meaningless to anyone else: the offline outbox and
    caches keep each person's drafts apart under it, and it reveals no id."""
    return salted_hmac("tumbuh.offline.user", str(user.pk)).hexdigest()[:24]
