"""``{% load rupiah %}``: money as Indonesians write it, "Rp 1.500.000" (whole rupiah)."""

from __future__ import annotations

from django import template

from core.money import format_rupiah

register = template.Library()


@register.filter(name="rupiah")
def rupiah(value) -> str:
    """1500000 → "Rp 1.500.000"; negative → "-Rp 500.000"; None → "–"."""
    return format_rupiah(value)
