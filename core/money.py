"""Money as Indonesians write it: "Rp 1.500.000" (whole rupiah, dots between thousands)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def group_thousands(number: int) -> str:
    """``1500000`` → ``1.500.000`` (the digits only, for messages that write "Rp" themselves)."""
    return f"{int(number):,}".replace(",", ".")


def format_rupiah(value, *, empty: str = "–") -> str:
    """1500000 → "Rp 1.500.000"; negative → "-Rp 500.000"; None or "" → ``empty``.

    Anything that is not a number is shown as it is.
    """
    if value is None or value == "":
        return empty
    try:
        number = int(Decimal(str(value)).to_integral_value())
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    digits = group_thousands(abs(number))
    return f"-Rp {digits}" if number < 0 else f"Rp {digits}"
