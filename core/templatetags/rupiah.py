"""``{% load rupiah %}``: money as Indonesians write it, "Rp 1.500.000" (whole rupiah)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def format_rupiah(value) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = int(Decimal(str(value)).to_integral_value())
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    digits = f"{abs(number):,}".replace(",", ".")
    return f"-Rp {digits}" if number < 0 else f"Rp {digits}"


@register.filter(name="rupiah")
def rupiah(value) -> str:
    """1500000 → "Rp 1.500.000"; negative → "-Rp 500.000"; None → "–"."""
    return format_rupiah(value)
