"""Browser journeys: a real daphne (HTTP + WebSocket) on the test database, driven by Debian's chromium.

Why a daphne subprocess rather than ``ChannelsLiveServerTestCase``: the journeys are pytest
functions with factories, the server must outlive several browser contexts, and a subprocess has
no inherited state from the test process (no forked executors or open connections). The tests use
``transaction=True`` (data is committed, so the server sees it) with ``serialized_rollback`` (the
pages created by migrations, such as Wagtail's root, come back after each test's flush).

Rules: set up data BEFORE entering the browser (the ORM refuses to run inside Playwright's sync
loop); wait on selectors and events, never on sleeps. Without /usr/bin/chromium the journeys skip
locally and FAIL in CI (``CI=true``).
"""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 20_000
ROOT = Path(__file__).resolve().parents[2]
# Jump every finite animation to its end state at once, rather than wait for it: Wagtail's sidebar
# badge for new menu items pings 5 × 5 s, and waiting for it cost 25 s on every admin step.
FINISH_ANIMATIONS = """() => document.getAnimations()
    .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .forEach(a => a.finish())"""
MESSAGES_SHOWN = """() => [...document.querySelectorAll('.messages > ul')]
    .every(ul => getComputedStyle(ul).opacity === '1')"""
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _chromium():
    """Locally, no chromium skips the journeys with the reason; in CI it fails them."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: CI must run the browser journeys (apt install chromium)")
    pytest.skip(f"{CHROMIUM} is not installed (apt install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# What the SMS gateway sends in X-Tumbuh-SMS-Secret to POST /sms/inbound/ on the journeys' server.
SMS_INBOUND_SECRET = "e2e-inbound-secret"


@pytest.fixture(scope="session")
def e2e_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """A daphne process serving config.asgi on the test database; yields its base URL and mail folder."""
    from django.db import connection

    mail_dir = tmp_path_factory.mktemp("mail")
    sms_dir = tmp_path_factory.mktemp("sms")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.server_settings",
        "E2E_DB_NAME": str(connection.settings_dict["NAME"]),
        "E2E_MAIL_DIR": str(mail_dir),
        "E2E_SMS_DIR": str(sms_dir),
        "E2E_SMS_INBOUND_SECRET": SMS_INBOUND_SECRET,
    }
    log = (tmp_path_factory.mktemp("server") / "daphne.log").open("w")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "config.asgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 (loopback)
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the e2e server did not start; see {log.name}")
            time.sleep(0.2)
    yield {"url": url, "mail_dir": mail_dir, "sms_dir": sms_dir, "log": log.name}
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    text = Path(log.name).read_text()
    # A traceback in the server during the journeys is a failure even if the pages looked fine.
    assert "Traceback" not in text, text[-4000:]


@pytest.fixture
def mail_dir(e2e_server):
    folder = e2e_server["mail_dir"]
    for f in folder.iterdir():
        f.unlink()
    return folder


@pytest.fixture
def sms_dir(e2e_server):
    folder = e2e_server["sms_dir"]
    for f in folder.iterdir():
        f.unlink()
    return folder


def read_sms(folder: Path, to: str, pattern: str, timeout: float = 10) -> str:
    """The first match of ``pattern`` in the texts sent to ``to`` so far (file backend, JSON lines)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in sorted(folder.glob("sms-*.jsonl")):
            # The last piece is a line still being written (complete only with its newline), or "".
            for line in f.read_text(encoding="utf-8").split("\n")[:-1]:
                message = json.loads(line)
                found = message["to"] == to and re.search(pattern, message["text"])
                if found:
                    return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no text to {to} with {pattern!r} in {folder}")


def read_link(folder: Path, pattern: str, timeout: float = 10) -> str:
    """The first URL matching ``pattern`` in the emails written so far (file backend, decoded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for f in sorted(folder.iterdir()):
            for chunk in f.read_text().split("-" * 79):
                message = email.message_from_string(chunk.strip())
                for part in message.walk():
                    if part.get_content_type() != "text/plain":
                        continue
                    text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                    found = re.search(pattern, text)
                    if found:
                        return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no email with {pattern!r} in {folder}")


def session_cookie(user, url: str) -> dict:
    """A signed-in session for ``user`` as a Playwright cookie (sign-in itself is journey 1's job)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": url}


class Journey:
    """One browser for a test: contexts (phone or desktop), axe checks and step screenshots."""

    def __init__(self, browser, name: str, url: str):
        from axe_playwright_python.sync_playwright import Axe

        self.browser = browser
        self.url = url
        self.axe = Axe()
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.steps = 0
        self.checked: list[str] = []

    def page(self, *, viewport=PHONE, cookies=(), locale="id-ID"):
        context = self.browser.new_context(viewport=viewport, locale=locale, base_url=self.url)
        context.set_default_timeout(TIMEOUT_MS)
        if cookies:
            context.add_cookies(list(cookies))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    def step(self, page, label: str, *, known: tuple[tuple[str, str], ...] = ()) -> None:
        """Screenshot this step, and check the page with axe-core: no serious or critical violation.

        ``known``: (rule id, CSS selector of an enclosing element) pairs of violations already reported to the page's owner;
        they are written to ``known-violations.txt`` next to the screenshots, and must still occur (when
        one is fixed the test says so, and the entry goes).
        """
        self.steps += 1
        # Wagtail's admin keeps its messages at opacity 0 until its script marks the page ready, and
        # only then starts the fade-in: wait for that, then for the fade itself to finish.
        page.wait_for_function(MESSAGES_SHOWN, timeout=TIMEOUT_MS)
        page.evaluate(FINISH_ANIMATIONS)  # fading messages would be judged mid-fade
        page.screenshot(path=str(self.folder / f"{self.steps:02d}-{label}.png"), full_page=True)
        assert not page.js_errors, f"JavaScript errors on {page.url}: {page.js_errors}"
        response = self.axe.run(page).response
        bad, tolerated = [], set()
        for v in response["violations"]:
            if v.get("impact") not in ("serious", "critical"):
                continue
            for node in v["nodes"]:
                target = " ".join(map(str, node["target"]))
                match = next((k for k in known if k[0] == v["id"] and _inside(page, target, k[1])), None)
                if match:
                    tolerated.add(match)
                else:
                    bad.append(f"{v['id']} ({v['impact']}): {v['help']} — {target}")
        assert not bad, f"axe-core on {page.url} ({label}):\n" + "\n".join(bad)
        assert tolerated == set(known), (
            f"known violations no longer occur, remove them: {set(known) - tolerated}"
        )
        if known:
            with (self.folder / "known-violations.txt").open("a") as f:
                f.writelines(f"{label}: {rule} on {where}\n" for rule, where in known)
        self.checked.append(page.url)


def _inside(page, selector: str, ancestor: str) -> bool:
    return page.evaluate(
        "([s, a]) => { const el = document.querySelector(s); return !!(el && el.closest(a)); }",
        [selector, ancestor],
    )


class Network:
    """Takes a page's network away and gives it back, WebSockets included.

    ``context.set_offline(True)`` stops HTTP but leaves open WebSockets running in Chromium, so the
    page's sockets go through ``route_web_socket``: going offline closes them, and new ones are
    refused until the network is back, as a phone losing signal would see.
    """

    def __init__(self, page):
        self.page = page
        self.offline = False
        self.routes: list = []
        page.route_web_socket(re.compile(r".*/ws/.*"), self._route)

    def _route(self, ws) -> None:
        if self.offline:
            ws.close(code=1001, reason="offline")
            return
        ws.connect_to_server()
        self.routes.append(ws)

    def go_offline(self) -> None:
        self.offline = True
        self.page.context.set_offline(True)
        for ws in self.routes:
            ws.close(code=1001, reason="offline")
        self.routes.clear()

    def go_online(self) -> None:
        self.offline = False
        self.page.context.set_offline(False)


@contextmanager
def journey(e2e_server, name: str):
    """``with journey(e2e_server, "chat") as j:`` — set up every database row BEFORE this."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield Journey(browser, name, e2e_server["url"])
        finally:
            browser.close()
