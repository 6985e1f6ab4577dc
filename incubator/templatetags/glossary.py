"""Glossary links where the program's words appear: ``{{ text|glossary_links }}`` links each term
(tier names, BSiMU, UMK, TKSK, HPP, NIB, KUR) to its entry on ``/glossary/``, once per text."""

from __future__ import annotations

import re

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# term as written → the entry's id on the glossary page (incubator/glossary.html)
TERMS = {
    "Nursing Capital": "nursing-capital",
    "Mentoring Model": "mentoring-model",
    "Capital Incubation": "capital-incubation",
    "BSiMU": "bsimu",
    "UMK": "umk",
    "TKSK": "tksk",
    "HPP": "hpp",
    "NIB": "nib",
    "KUR": "kur",
}
# Whole words only, and never inside a tag (an attribute) or an existing link.
_PATTERN = re.compile(r"(<a\b.*?</a>|<[^>]*>)|\b(" + "|".join(re.escape(t) for t in TERMS) + r")\b", re.S)


@register.filter(needs_autoescape=True)
def glossary_links(value, autoescape: bool = True) -> SafeString:
    text = str(conditional_escape(value) if autoescape else value)
    url = reverse("incubator:glossary")
    seen: set[str] = set()

    def link(match: re.Match) -> str:
        if match.group(1) or match.group(2) in seen:
            return match.group(0)
        term = match.group(2)
        seen.add(term)
        return f'<a class="term" href="{url}#{TERMS[term]}">{term}</a>'

    return mark_safe(_PATTERN.sub(link, text))  # noqa: S308 (escaped above; only our own links added)
