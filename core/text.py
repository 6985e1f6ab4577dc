"""Free text from people: bidi controls removed, length limited with a message that gives the count.

Imports no app (only Django), so any app's forms and services can use it; it is meant to move to
a ``core`` package later. The limits themselves live in each app's ``models.py`` (docs/limits.md).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Explicit directional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
# (U+2066–U+2069), the left-to-right and right-to-left marks (U+200E, U+200F) and the Arabic
# letter mark (U+061C). None of them is needed to write Indonesian or English, and an override
# can show text reversed to someone else, e.g. to disguise a number or a name.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(value: str) -> str:
    """``value`` without bidirectional control characters (other text is kept as it is)."""
    return BIDI_CONTROLS.sub("", value)


TOO_LONG = _("At most %(limit)s characters (you wrote %(count)s).")


def _count(n: int) -> str:
    return number_format(n, force_grouping=True)


def too_long_message(limit: int, length: int) -> str:
    """The message for a text over its limit, for services that refuse it without a form."""
    return str(TOO_LONG) % {"limit": _count(limit), "count": _count(length)}


class TextLengthValidator(MaxLengthValidator):
    """Django's max-length check, saying the limit and the length written with digit grouping
    in the page's language ("Maksimal 2.000 karakter (Anda menulis 10.485.760).")."""

    message = TOO_LONG

    def __call__(self, value: Any) -> None:
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={"limit": _count(self.limit_value), "count": _count(length), "value": value},
            )


class CleanCharField(forms.CharField):
    """A text field for what people write: bidi controls removed, then the length checked.

    The removal happens before the length and required checks, so a value made only of control
    characters counts as empty.
    """

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        # Django's own max_length would add its validator (and message); this field adds its own.
        super().__init__(max_length=None, **kwargs)
        self.max_length = max_length
        if max_length is not None:
            self.validators.append(TextLengthValidator(int(max_length)))
            if not self.widget.is_hidden:
                self.widget.attrs["maxlength"] = str(max_length)

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        if not isinstance(value, str):
            return value
        value = strip_bidi(value)
        return value.strip() if self.strip else value
