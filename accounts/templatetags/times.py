"""``{% load times %}``: every time a person sees, in one format and in their own zone.

``{{ moment|when }}`` → "2 Des 2026, 08.08 WITA". The zone is the one ``TimeZoneMiddleware``
activated for the request; the chat's script writes live messages the same way (``data-time-zone``
on ``<body>``).
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from accounts.timezones import ABBREVIATIONS

register = template.Library()


def zone_label(name: str | None = None) -> str:
    name = name or timezone.get_current_timezone_name()
    return ABBREVIATIONS.get(name, name)


@register.filter(name="when")
def when(value) -> str:
    if not isinstance(value, datetime):
        return "" if value in (None, "") else str(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_format(local, 'j M Y')}, {local:%H.%M} {zone_label()}"


@register.simple_tag
def time_zone_label() -> str:
    return zone_label()


@register.simple_tag
def short_months() -> str:
    """The 12 short month names of the active language, comma-separated, for the live chat's script."""
    return ",".join(date_format(date(2000, month, 1), "M") for month in range(1, 13))
