"""Template helpers for the learning pages."""

from __future__ import annotations

import random
import uuid

from django import template

register = template.Library()


@register.filter
def shuffled_answers(answers, seed) -> list[tuple[int, object]]:
    """The answers as ``(original index, answer)`` in an order fixed per ``seed``.

    Editors tend to put the right answer first or second; showing a stable shuffle stops readers
    guessing by position, while the submitted value stays the index the quiz is scored by.
    """
    pairs = list(enumerate(answers))
    random.Random(str(seed)).shuffle(pairs)  # noqa: S311 - an order for display, not a secret
    return pairs


@register.simple_tag
def new_form_key() -> str:
    """A fresh key for the quiz form each time it is shown: the same answers sent twice (a double
    tap, the offline outbox's replay) are one attempt (``cms.services.submit_quiz``)."""
    return str(uuid.uuid4())
