"""``{% load people %}``: people's names and numbers as Indonesians write them."""

from __future__ import annotations

from django import template

register = template.Library()


def format_phone(value: str | None) -> str:
    """ "+6281234567890" → "0812-3456-7890" (groups of four from the front); anything else unchanged."""
    if not value:
        return ""
    digits = str(value).replace(" ", "").replace("-", "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    if not digits.isdigit() or not 9 <= len(digits) <= 14:
        return str(value)
    return "-".join(part for part in (digits[:4], digits[4:8], digits[8:]) if part)


@register.filter(name="phone")
def phone(value) -> str:
    return format_phone(value)


@register.simple_tag
def login_code_minutes() -> int:
    """How many minutes a sign-in code stays valid (allauth's ACCOUNT_LOGIN_BY_CODE_TIMEOUT)."""
    from django.conf import settings

    return max(1, getattr(settings, "ACCOUNT_LOGIN_BY_CODE_TIMEOUT", 180) // 60)
