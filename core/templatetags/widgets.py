"""``{% load widgets %}{% widget form.field %}``: a field's widget as ``{{ form.field }}`` renders it,
remembered for fields with a fixed set of values."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Django renders a widget through templates, one per <option>: about 1 ms for a short select.
# A choice or a checkbox has few possible renderings (per value and language), kept here; the
# size is bounded by the fields that use the tag times their values times the languages.
_RENDERED: dict[tuple, SafeString] = {}


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    """``str(field)``, remembered per form class, field, value and language when the field has no
    errors and its value is one of its choices (or a checkbox's). Only for forms whose choices and
    widget attributes are fixed by their class (not set per instance): the remembered HTML is the
    first rendering's."""
    key = _key(field)
    if key is None:
        return str(field)
    rendered = _RENDERED.get(key)
    if rendered is None:
        rendered = _RENDERED[key] = mark_safe(str(field))  # noqa: S308 (Django's own widget HTML)
    return rendered


def _key(field: BoundField) -> tuple | None:
    if field.form.is_bound and field.errors:
        return None
    value = field.value()
    if isinstance(field.field, forms.BooleanField):
        known = value in (None, True, False)
    elif isinstance(field.field, forms.ChoiceField) and not isinstance(
        field.field, forms.MultipleChoiceField
    ):
        known = value is None or str(value) in {str(choice) for choice, _label in field.field.choices}
    else:
        known = False
    if not known:
        return None
    return (
        type(field.form),
        field.name,
        field.auto_id,
        value if value is None else str(value),
        get_language(),
    )
