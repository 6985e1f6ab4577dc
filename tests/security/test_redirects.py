"""Open redirects (security report cases 78 and 79): ``next`` never leads off the site.

The language switcher swaps the ``/en`` prefix of ``next``; the result is checked again, so
``/en//evil.example`` cannot become ``//evil.example``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from django.urls import reverse

PAYLOADS = [
    "/en//evil.example",
    "/en/\\evil.example",
    "/en/%2F%2Fevil.example",
    "/en/%5Cevil.example",
    "/en/\\/evil.example",
    "//evil.example",
    "https://evil.example",
    "/\\evil",
    "\\\\evil",
    "///evil",
    "javascript:alert(1)",
    "/en/http://evil.example",
    "/en/\t/evil.example",
    " //evil.example",
    "/en//evil.example/?x=1",
    "http://testserver/en//evil.example",
]


def stays_on_site(location: str) -> bool:
    """Where a browser goes from ``location`` (it reads ``\\`` as ``/``; a proxy may decode once)."""
    for candidate in (location, unquote(location)):
        target = urlsplit(urljoin("http://testserver/page/", candidate.replace("\\", "/").strip()))
        if target.scheme not in ("http", "https") or target.netloc != "testserver":
            return False
    return True


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_language_switch_never_leaves_the_site(client, db, payload, language):
    response = client.post(reverse("set_language"), {"language": language, "next": payload})
    assert response.status_code == 302
    location = response["Location"]
    assert stays_on_site(location), location


@pytest.mark.parametrize("payload", PAYLOADS)
def test_language_switch_by_referer_never_leaves_the_site(client, db, payload):
    response = client.post(reverse("set_language"), {"language": "id"}, HTTP_REFERER=payload)
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_language_switch_by_get_never_leaves_the_site(client, db, payload):
    response = client.get(reverse("set_language"), {"next": payload})
    assert stays_on_site(response["Location"]), response["Location"]


@pytest.mark.parametrize(
    ("language", "next_url", "expected"),
    [
        ("id", "/en/portal/?tab=2", "/portal/?tab=2"),
        ("en", "/portal/?tab=2", "/en/portal/?tab=2"),
        ("id", "/en", "/"),
        ("en", "/", "/en/"),
        ("id", "/en//evil.example", "/"),
        ("en", "/en//evil.example", "/en/"),
        ("en", "//evil.example", "/en/"),
    ],
)
def test_language_switch_keeps_the_page_or_falls_back_home(client, db, language, next_url, expected):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response["Location"] == expected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cms_login_hands_on_only_a_local_next(client, db, payload):
    response = client.get(reverse("cms_login"), {"next": payload})
    forwarded = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    assert stays_on_site(forwarded), forwarded
