"""Indonesian mobile numbers, stored in one form (+62…) so a person is found however they type it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DIGITS = re.compile(r"[\s\-().]")


def normalize_phone(value: str) -> str:
    """``0812-3456-7890``, ``62812…`` and ``+62812…`` all become ``+6281234567890``; empty stays empty."""
    raw = _DIGITS.sub("", value or "")
    if not raw:
        return ""
    if raw.startswith("+"):
        digits = raw[1:]
    elif raw.startswith("0"):
        digits = "62" + raw[1:]
    else:
        digits = raw
    if not digits.isdigit() or not digits.startswith("62") or not 10 <= len(digits) <= 15:
        raise ValidationError(_("Enter a mobile number such as 0812 3456 7890."), code="invalid_phone")
    return "+" + digits
