"""``{% widget %}``: the same HTML as ``{{ form.field }}``, rendered once per value and language."""

from __future__ import annotations

import pytest
from django.test.signals import template_rendered
from django.utils import translation

from core.templatetags.widgets import widget
from incubator.forms import MenteeFilterForm

FIELDS = ("tier", "umk", "state", "attention")
DATA = [
    None,
    {},
    {"tier": "beginner", "attention": "on"},
    {"tier": "advanced", "umk": "below", "state": "waiting"},
    {"tier": "zzz", "umk": "<b>", "state": ""},  # invalid: rendered afresh, with its errors
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("data", DATA)
def test_the_same_html_as_djangos_widget(language, data):
    with translation.override(language):
        for _ in range(2):  # the first rendering and the remembered one
            form = MenteeFilterForm(data)
            form.is_valid() if data is not None else None
            for name in FIELDS:
                assert widget(form[name]) == str(form[name])


def test_a_known_value_renders_djangos_templates_once():
    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        with translation.override("id"):
            widget(MenteeFilterForm({"tier": "developing"})["tier"])
            first = len(rendered)
            widget(MenteeFilterForm({"tier": "developing"})["tier"])
            again = len(rendered) - first
            widget(MenteeFilterForm({"tier": "nope"})["tier"])
            invalid = len(rendered) - first - again
    finally:
        template_rendered.disconnect(seen)
    assert again == 0
    assert invalid > 0
