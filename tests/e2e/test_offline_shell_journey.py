"""Journey: the installable, offline-readable shell (issue 16, part A).

An entrepreneur opens her dashboard and a lesson; the service worker keeps them in her own cache.
Without signal the dashboard reloads from it with "Offline — terakhir diperbarui …", a page never
opened gets the polite offline page listing what is saved, and a course saved with "Simpan untuk
dibaca offline" opens lessons she never visited. Chromium finds the app installable. Signing out
deletes her caches. A release that changes a precached file installs a new worker that replaces the
old shell cache (no stale mix)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core import pwa
from tests.e2e.conftest import DESKTOP, ROOT, Network, journey, session_cookie
from tests.factories.cms import course, learning_index, lesson
from tests.incubator.factories import EntrepreneurProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONTROLLED = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
CACHE_NAMES = "() => caches.keys()"
CACHED_URLS = """async (name) => {
  if (!(await caches.has(name))) return [];
  return (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname + new URL(r.url).search);
}"""


def wait_for(page, script: str, arg=None, predicate=bool, timeout_ms: int = 15000):
    waited = 0
    while True:
        value = page.evaluate(script, arg)
        if predicate(value) or waited >= timeout_ms:
            return value
        page.wait_for_timeout(200)
        waited += 200


def test_pages_open_offline_per_person_and_sign_out_clears_them(e2e_server):
    profile = EntrepreneurProfileFactory(business_name="Keripik Bu Ani")
    index = learning_index()
    money = course(index, title="Uang usaha")
    first = lesson(money, title="Catat kas harian", quiz=False)
    never = lesson(money, title="Pisahkan uang dapur", quiz=False)
    key = pwa.offline_key(profile.user)
    pages, lessons = f"tumbuh-pages-{key}", f"tumbuh-lessons-{key}"
    url = e2e_server["url"]
    cookie = session_cookie(profile.user, url)
    css = ROOT / "static" / "css" / "tumbuh.css"
    original_css = css.read_bytes()

    # Page URLs come from the database: read them before the browser starts (no ORM inside it).
    first_url, money_url, never_url = first.url, money.url, never.url
    with journey(e2e_server, "offline-shell") as j:
        page = j.page(viewport=DESKTOP, cookies=[cookie])
        network = Network(page)
        page.goto("/portal/")
        assert wait_for(page, CONTROLLED), "the service worker did not take control"
        shell = [n for n in page.evaluate(CACHE_NAMES) if n.startswith("tumbuh-shell-")]
        assert shell == [f"tumbuh-shell-{pwa.shell_version()}"]

        # Installable: Chromium reads the manifest without errors and has nothing against installing.
        cdp = page.context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"], manifest
        installability = cdp.send("Page.getInstallabilityErrors")
        # Playwright's contexts are off-the-record, which Chromium reports as "in-incognito" (it never
        # offers installing there); every other installability criterion must be met.
        errors = [e for e in installability["installabilityErrors"] if e["errorId"] != "in-incognito"]
        assert errors == [], installability

        page.goto("/portal/")  # now through the worker: kept in her cache
        page.goto(first_url)
        expect(page.locator("h1")).to_have_text("Catat kas harian")
        kept = wait_for(page, CACHED_URLS, pages, lambda urls: {"/portal/", first_url} <= set(urls))
        assert {"/portal/", first_url} <= set(kept), kept
        assert not any(u.startswith(("/accounts/", "/cms/")) for u in kept)

        # Save the whole course for offline reading: the course page and every lesson, within 20 MB.
        page.goto(money_url)
        box = page.locator("[data-save-offline]")
        expect(box).to_be_visible()
        box.get_by_role("button", name="Simpan untuk dibaca offline").click()
        expect(box.locator("[data-status]")).to_contain_text("Tersimpan di perangkat ini")
        expect(box.locator("[data-status]")).to_contain_text("dari 20.0 MB")
        expect(box.get_by_role("button", name="Hapus dari perangkat ini")).to_be_visible()
        assert {money_url, first_url, never_url} <= set(page.evaluate(CACHED_URLS, lessons))
        j.step(page, "course-saved")
        page.goto("/learn/")
        expect(page.locator(f'[data-offline-mark="{money_url}"]')).to_be_visible()
        j.step(page, "learning-index-marks-saved")

        # No signal: the dashboard comes from her cache, with the banner.
        network.go_offline()
        page.goto("/portal/")
        banner = page.locator("[data-offline-banner]")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Offline — terakhir diperbarui")
        assert re.search(r"\d", banner.locator("time").inner_text())
        expect(page.locator("main")).to_contain_text("Keripik Bu Ani")
        j.step(page, "offline-dashboard")

        # A lesson she never opened, saved with its course, opens too.
        page.goto(never_url)
        expect(page.locator("h1")).to_have_text("Pisahkan uang dapur")
        expect(banner).to_be_visible()

        # A page never opened: the polite offline page, listing what is saved.
        page.goto("/portal/reports/")
        expect(page.locator("h1")).to_have_text("Tidak ada sinyal")
        saved = page.locator("[data-saved-pages] a")
        expect(saved.first).to_be_visible()
        assert first_url in [
            saved.nth(i).get_attribute("href").removeprefix(url) for i in range(saved.count())
        ]
        j.step(page, "offline-page-never-opened")
        network.go_online()

        # Sign out: her pages and lessons are gone from this device.
        page.goto("/portal/")
        page.locator("form[data-signout] button").click()
        page.wait_for_url(lambda u: "/portal/" not in u)
        names = wait_for(
            page,
            CACHE_NAMES,
            predicate=lambda ns: not any(n.startswith(("tumbuh-pages-", "tumbuh-lessons-")) for n in ns),
        )
        assert not any(n.startswith(("tumbuh-pages-", "tumbuh-lessons-", "tumbuh-meta")) for n in names), (
            names
        )
        network.go_offline()
        page.goto("/portal/")  # signed out and offline: nobody's dashboard
        expect(page.locator("h1")).to_have_text("Tidak ada sinyal")
        expect(page.locator("main")).not_to_contain_text("Keripik Bu Ani")
        network.go_online()

        # A release changes a precached file: the new worker replaces the old shell cache.
        old = f"tumbuh-shell-{pwa.shell_version()}"
        try:
            css.write_bytes(original_css + b"\n/* release 2 */\n")
            new = f"tumbuh-shell-{pwa.shell_version()}"
            assert new != old
            page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
            names = wait_for(page, CACHE_NAMES, predicate=lambda ns: new in ns and old not in ns)
        finally:
            css.write_bytes(original_css)
        assert [n for n in names if n.startswith("tumbuh-shell-")] == [new], names
