"""Every catalogue is complete in Bahasa Indonesia and its shipped .mo matches the .po."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/id/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def entries(po: Path):
    """(msgctxt, msgid, msgstr list, flags) for every entry but the header."""
    current: dict = {}
    field = None
    for raw in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current.get("msgid"):
                yield current
            current, field = {}, None
            continue
        if line.startswith("#,"):
            current["flags"] = line[2:]
        elif line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#"):
            continue
        else:
            keyword, _, rest = line.partition(" ")
            if keyword.startswith('"'):
                current[field] += ast.literal_eval(line)
            else:
                field = keyword
                current[field] = ast.literal_eval(rest)


def test_there_are_catalogues():
    assert ROOT / "locale/id/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated_and_compiled(po: Path):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is not compiled"
    compiled = gettext.GNUTranslations(mo.open("rb"))
    untranslated, stale = [], []
    for entry in entries(po):
        if entry.get("obsolete"):
            continue
        msgid = entry["msgid"]
        if "fuzzy" in entry.get("flags", ""):
            untranslated.append(msgid)
            continue
        if "msgid_plural" in entry:
            translation = entry.get("msgstr[0]", "")
            shipped = compiled.ngettext(msgid, entry["msgid_plural"], 1)
        else:
            translation = entry.get("msgstr", "")
            context = entry.get("msgctxt")
            shipped = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if not translation:
            untranslated.append(msgid)
        elif shipped != translation:
            stale.append(msgid)
    assert not untranslated, f"untranslated in {po}: {untranslated[:10]}"
    assert not stale, f"{mo} is older than {po}; run compilemessages: {stale[:5]}"
