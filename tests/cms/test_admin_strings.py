"""Our Indonesian for Wagtail's admin strings keeps working after a Wagtail upgrade.

The translations in ``cms/locale`` (server side) and ``locale/id/LC_MESSAGES/djangojs.po`` (the admin's
JavaScript) match Wagtail's msgids exactly: when Wagtail renames one, our translation silently stops
applying and the English comes back. These tests read the installed Wagtail and fail first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import wagtail

from cms import admin_strings
from cms.admin_strings import ADMIN_JS_STRINGS, ADMIN_PLURALS, ADMIN_STRINGS
from tests.test_translations import ROOT, entries

WAGTAIL = Path(wagtail.__file__).parent


def wagtail_msgids(domain: str) -> set[str]:
    return {
        msgid
        for po in WAGTAIL.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")
        for entry in entries(po)
        for msgid in (entry["msgid"], entry.get("msgid_plural"))
        if msgid
    }


def test_every_server_side_admin_string_still_exists_in_wagtail():
    known = wagtail_msgids("django")
    plurals = [
        arg.value
        for node in ast.walk(ast.parse(Path(admin_strings.__file__).read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ngettext_lazy"
        for arg in node.args[:2]
    ]
    assert len(plurals) == 2 * len(ADMIN_PLURALS)
    missing = [msgid for msgid in [*ADMIN_STRINGS, *plurals] if msgid not in known]
    assert not missing, f"Wagtail no longer has these msgids; update cms/admin_strings.py: {missing}"


def test_every_javascript_admin_string_still_exists_in_wagtails_scripts():
    known = wagtail_msgids("djangojs")
    scripts = "".join(p.read_text(encoding="utf-8") for p in WAGTAIL.glob("**/static/**/*.js"))
    missing = [m for m in ADMIN_JS_STRINGS if m not in known or m not in scripts]
    assert not missing, f"Wagtail's JavaScript no longer uses these msgids: {missing}"


def test_every_javascript_admin_string_has_its_indonesian_translation():
    po = ROOT / "locale/id/LC_MESSAGES/djangojs.po"
    translated = {e["msgid"]: e["msgstr"] for e in entries(po) if e.get("msgstr")}
    assert sorted(translated) == sorted(ADMIN_JS_STRINGS)


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_is_indonesian_for_a_manager(client_for, manager_user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(manager_user)
    profile.preferred_language = "id"
    profile.save()
    script = client_for(manager_user).get("/cms/jsi18n/").content.decode()
    assert "butir baru di menu ini" in script
    assert "Tutup semua" in script


@pytest.mark.django_db
def test_the_page_explorer_and_counts_are_indonesian():
    from django.utils import translation

    with translation.override("id"):
        assert translation.gettext("Exploring") == "Menjelajah"
        assert translation.gettext("items") == "butir"
        assert translation.gettext("pages") == "halaman"
