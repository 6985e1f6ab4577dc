"""``{% offline_key %}``: the name of the signed-in person's offline caches (core/pwa.py)."""

from django import template

from core import pwa

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_key(context) -> str:
    user = getattr(context.get("request"), "user", None)
    return pwa.offline_key(user) if user is not None and user.is_authenticated else ""
