"""Every word right: one source string has one Indonesian translation across the project.

Django merges every catalogue into one: when two apps translate the same msgid differently, the one
earlier in LOCALE_PATHS / INSTALLED_APPS wins everywhere, and the other app shows a wrong word (the
quiz said "✔ Perbaiki" — "fix it" — for a right answer). A string with two meanings takes a
``pgettext`` context instead.
"""

from __future__ import annotations

from collections import defaultdict

from tests.test_translations import CATALOGUES, ROOT, entries


def translations_by_msgid() -> dict[tuple[str | None, str], dict[str, list[str]]]:
    found: dict[tuple[str | None, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for po in CATALOGUES:
        for entry in entries(po):
            if entry.get("obsolete"):
                continue
            key = (entry.get("msgctxt"), entry["msgid"])
            translation = entry.get("msgstr", entry.get("msgstr[0]", ""))
            found[key][translation].append(str(po.relative_to(ROOT)))
    return found


def test_one_msgid_has_one_indonesian_translation_across_catalogues():
    collisions = {
        f"{ctx + ' | ' if ctx else ''}{msgid}": dict(translations)
        for (ctx, msgid), translations in translations_by_msgid().items()
        if len(translations) > 1
    }
    assert not collisions, (
        "the same msgid is translated differently (give one of them a pgettext context, or agree on "
        f"one word): {collisions}"
    )


def test_the_quiz_says_right_and_the_report_action_says_correct(settings):
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("id"):
        quiz = Template('{% load i18n %}{% translate "Correct" context "quiz answer" %}').render(Context())
        action = Template('{% load i18n %}{% translate "Correct" context "report action" %}').render(
            Context()
        )
    assert (quiz, action) == ("Benar", "Perbaiki")


def test_a_complaint_in_progress_is_being_handled():
    from django.utils import translation

    from complaints.models import Status

    with translation.override("id"):
        assert str(Status.IN_PROGRESS.label) == "Sedang ditangani"
