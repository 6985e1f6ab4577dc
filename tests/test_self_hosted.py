"""Nothing is loaded from another host: every script, stylesheet, image and frame is our own."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db

PAGES = {
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


def test_pages_load_nothing_from_other_hosts(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    foreign: list[tuple[str, str]] = []
    for email, paths in PAGES.items():
        client.logout()
        if email:
            client.force_login(User.objects.get(email=email))
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
