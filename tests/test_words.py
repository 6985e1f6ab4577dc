"""Every word right: one source string has one Indonesian translation across the project.

Django merges every catalogue into one: when two apps translate the same msgid differently, the one
earlier in LOCALE_PATHS / INSTALLED_APPS wins everywhere, and the other app shows a wrong word (the
quiz said "✔ Perbaiki" — "fix it" — for a right answer). A string with two meanings takes a
``pgettext`` context instead.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.shared_data import build_once
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


# --- Every page, both languages, as each role ---------------------------------------------------

# Words that are English and never Indonesian (nor names in the demo): one on an /id page is a string
# someone forgot to translate.
ENGLISH = re.compile(
    r"\b(the|and|with|your|you|please|submit|save|cancel|delete|edit|search|next|previous|back|home|"
    r"sign in|sign out|items?|new|this|that|from|have|has|are|will|select|choose|upload|view|show|"
    r"hide|more|less|required|optional|loading|error|yes|today|yesterday|week|month|year|close|open|"
    r"add|remove|send|message|report|download|settings|password|name|change|confirm|verified|"
    r"waiting|pending|done|milestones?|learn|profile|figures|visits?|sessions?|timeline|complaints?)\b",
    re.IGNORECASE,
)
# Proper names and terms the program keeps in English on purpose (explained in the glossary).
ALLOWED_ENGLISH = re.compile(
    r"Nursing Capital|Mentoring Model|Capital Incubation|Tumbuh|ProKUS|BSiMU|WhatsApp|Google|email",
    re.IGNORECASE,
)
RAW_BOOLEAN = re.compile(r"\b(True|False|None)\b")
RAW_PHONE = re.compile(r"\+62\d{6,}")
RAW_AMOUNT = re.compile(r"(?<![\w.,\-/:#+])\d{5,}(?![\w\-])")


class _VisibleText(HTMLParser):
    """The words a person sees or hears: text and labelling attributes, minus scripts and the parts
    marked as another language (``lang``) or as data (``translate="no"``)."""

    HIDDEN = {"script", "style", "template", "noscript"}
    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # True where the element's content is skipped
        self.chunks: list[str] = []
        self.raw_inputs: list[str] = []

    def _skipped(self) -> bool:
        return bool(self.stack and self.stack[-1])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = (a.get("lang") or "").split("-")[0]
        skip = (
            self._skipped()
            or tag in self.HIDDEN
            or a.get("translate") == "no"
            or (bool(lang) and lang != self.language)
        )
        if not skip:
            for name in ("title", "aria-label", "placeholder", "alt"):
                if a.get(name):
                    self.chunks.append(a[name])
            if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
                self.chunks.append(a["value"])
            if tag == "input" and a.get("type", "text") in ("text", "number") and a.get("value"):
                self.raw_inputs.append(a["value"])
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str, language: str) -> tuple[str, list[str]]:
    parser = _VisibleText(language)
    parser.feed(html)
    return "\n".join(parser.chunks), parser.raw_inputs


def problems_on(path: str, html: str, *, language: str) -> list[str]:
    text, inputs = visible_text(html, language)
    found = []
    if language == "id":
        for line in text.splitlines():
            english = ENGLISH.findall(ALLOWED_ENGLISH.sub("", line))
            if english:
                found.append(f"{path}: English {english} in {line[:80]!r}")
    for regex, what in (
        (RAW_BOOLEAN, "raw True/False"),
        (RAW_PHONE, "raw +62 phone"),
        (RAW_AMOUNT, "raw amount"),
    ):
        found += [f"{path}: {what} {m!r}" for m in regex.findall(text)]
    found += [f"{path}: raw amount in a field {v!r}" for v in inputs if re.fullmatch(r"\d{5,}", v)]
    return found


def _seed_demo():
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo", force=True, stdout=io.StringIO())
    return {u.email: u for u in User.objects.exclude(email="")}


# One demo for both languages' crawls, which only read it (tests/shared_data.py).
_demo_once, demo = build_once(_seed_demo, name="demo")


ROLES = {
    "pemula@tumbuh.test": ("entrepreneur", False),
    "mentor@tumbuh.test": ("mentor", False),
    "tksk@tumbuh.test": ("mentor", False),
    "manager@tumbuh.test": ("manager", True),
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_speaks_the_language_and_shows_values_formatted(client, demo, language):
    """As each role, every reachable page: no English on the Indonesian side, and on both sides no
    raw True/False, no unformatted rupiah, no raw +62 numbers. One demo for all roles (seeding is slow)."""
    from wagtail.users.models import UserProfile

    from tests.crawl import ACCOUNT_PAGES, START, crawl

    problems, errors, visited = [], [], {}
    for email, (role, allow_cms) in ROLES.items():
        user = demo[email]
        if role == "manager":
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
        client.force_login(user)
        pages = []
        starts = START[role] + ACCOUNT_PAGES
        for path, response in crawl(client, starts, english=language == "en", allow_cms=allow_cms):
            if response.status_code >= 500:
                errors.append(f"{email} {path}: {response.status_code}")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages.append(path)
            if path.startswith("/cms/"):
                continue  # Wagtail's own screens: tests/cms/test_admin_strings.py
            problems += [
                f"{email} {p}" for p in problems_on(path, response.content.decode(), language=language)
            ]
        visited[email] = pages
        client.logout()
    assert all(len(pages) >= 8 for pages in visited.values()), visited
    assert not errors, errors
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- nothing from another host
# Every script, stylesheet, image and frame of the demo's pages is our own. Here beside the crawl for
# its seeded demo (one seed of the demo serves both).

SELF_HOSTED_PAGES = {
    None: ["/", "/en/", "/accounts/login/", "/accounts/signup/", "/learn/"],
    "pemula@tumbuh.test": [
        "/portal/",
        "/portal/milestones/",
        "/portal/reports/",
        "/portal/profile/",
        "/chat/",
        "/learn/",
    ],
    "mentor@tumbuh.test": ["/mentor/", "/chat/"],
    "manager@tumbuh.test": ["/cms/", "/cms/pages/"],
}


class ResourceCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and values.get("src"):
            self.urls.append(values["src"])
        if (
            tag == "link"
            and values.get("href")
            and (values.get("rel") or "") in {"stylesheet", "icon", "preload", "manifest"}
        ):
            self.urls.append(values["href"])
        if values.get("srcset"):
            self.urls.extend(part.strip().split(" ")[0] for part in values["srcset"].split(","))


def test_pages_load_nothing_from_other_hosts(client, demo):
    foreign: list[tuple[str, str]] = []
    for email, paths in SELF_HOSTED_PAGES.items():
        client.logout()
        if email:
            client.force_login(demo[email])
        for path in paths:
            response = client.get(path, follow=True)
            assert response.status_code == 200, path
            collector = ResourceCollector()
            collector.feed(response.content.decode())
            assert collector.urls, path
            foreign += [
                (path, url) for url in collector.urls if urlsplit(url).netloc not in ("", "testserver")
            ]
    assert not foreign
