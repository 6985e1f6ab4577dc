"""Indonesian mobile numbers, stored in one form (+62…) so a person is found however they type it.

Parsed and validated with ``phonenumbers`` (Google's libphonenumber data): only numbers that are valid
Indonesian *mobile* numbers are accepted, so a code is never texted to a landline or to ``62000000000``.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(value: str) -> str:
    """``0812-3456-7890``, ``62812…`` and ``+62812…`` all become ``+6281234567890``; empty stays empty.

    Raises ValidationError (code ``invalid_phone``) for anything that is not an Indonesian mobile number.
    """
    raw = _SEPARATORS.sub("", value or "")
    if not raw:
        return ""
    if raw.startswith("62"):
        raw = "+" + raw  # people copy the international form without its plus
    if not raw.startswith(("+", "0")) or not raw[1:].isdigit():
        raise _invalid()
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise _invalid() from None
    if (
        phonenumbers.region_code_for_number(number) != "ID"
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE
    ):
        raise _invalid()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _invalid() -> ValidationError:
    return ValidationError(
        _("Enter an Indonesian mobile number, for example 0812 3456 7890."), code="invalid_phone"
    )
