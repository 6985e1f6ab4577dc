"""Walk every page a signed-in person can reach by following links, for the page-wide checks.

Used by ``tests/test_words.py`` (English left on Indonesian pages, raw values) and
``tests/e2e/test_phone_layout.py`` (nothing off-screen on a phone). Same-site GET links only; files,
photos, exports, the sign-out and the other language are left out. Pages that differ only by ids are
sampled (``PER_PATTERN`` of each), so a large demo stays quick.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

PER_PATTERN = 2
LIMIT = 160
SKIP = re.compile(
    r"^/(en/)?(accounts/logout|files/|media/|documents/|static/|i18n/|healthz)"
    r"|/photo/|/thumb/|/messages/|/jsi18n/|/export|/download|/preview|\.(csv|xlsx|png|jpg|svg|ico)$"
    r"|^/cms/(logout|login|pages/\d+/(edit|delete|copy|move|unpublish|revisions|history|workflow)"
    r"|images/|documents/|settings/|sites/|locales/|redirects/|workflows/|users/|groups/|styleguide/"
    r"|bulk|reports/(site-history|aging|locked|workflow|page-types)|snippets/wagtailcore)"
)
START = {
    "entrepreneur": ["/portal/", "/learn/", "/timeline/", "/complaints/", "/chat/", "/sessions/"],
    "mentor": ["/mentor/", "/visits/", "/sessions/", "/chat/", "/complaints/"],
    "manager": ["/cms/", "/complaints/"],
}
ACCOUNT_PAGES = ["/accounts/email/", "/accounts/password/change/"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "tel:", "javascript:")):
            self.links.append(href)


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client, starts: list[str], *, english: bool = False, allow_cms: bool = False):
    """Yield (path, response) for every reachable HTML page, starting from ``starts``."""
    prefix = "/en" if english else ""
    queue = [prefix + s for s in starts]
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            yield path, response
            continue
        yield path, response
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            parts = urlsplit(urljoin("http://testserver" + path, href))
            if parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "page=" in parts.query else "")
            if target in seen or SKIP.search(parts.path):
                continue
            if parts.path.startswith("/cms/") and not allow_cms:
                continue
            if english != parts.path.startswith("/en/") and not parts.path.startswith("/cms/"):
                continue
            if per_pattern[pattern(parts.path)] >= PER_PATTERN:
                continue
            per_pattern[pattern(parts.path)] += 1
            queue.append(target)
