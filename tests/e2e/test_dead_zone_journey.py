"""Journey: through a dead zone, twice, with the shell's service worker (issue 16, "done when").

Unlike tests/e2e/test_offline_outbox_journey.py (weak signal: pages load, sends fail), the phones
here lose the network altogether (``context.set_offline``) and RELOAD while offline: the page comes
from the service worker's per-person cache, the outbox from IndexedDB.

1. A social companion logs a field visit with a photo and a follow-up, reloads, and the outbox page
   (opened offline too) lists it. When the signal returns, Background Sync sends it: the page's own
   ``online`` handler is muted, so the worker's ``sync`` event (fired by Chromium when its offline
   emulation ends) is what asks the tab to send.
2. In the same journey an entrepreneur, on a phone with two tabs and a browser without Background
   Sync, sends milestone evidence with a photo (with a double tap) and a month's figures, reloads
   both tabs offline, and the signal returns: the ``online`` event (the fallback path) makes both
   tabs send at once. Exactly one row each.
3. A conflict through the worker: figures for a month her mentor entered meanwhile are refused; the
   item keeps the server's message through "Kirim ulang", and "Ubah" re-opens it to pick another month.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core import pwa
from incubator import services
from incubator.models import (
    EvidencePhoto,
    MilestoneEvent,
    MilestoneStatus,
    MonthlyReport,
)
from mentoring.models import FieldVisit
from tests.e2e.conftest import Network, journey, session_cookie
from tests.e2e.test_offline_outbox_journey import BADGE, OFFLINE, READY, in_another_thread, jpeg
from tests.e2e.test_offline_outbox_journey import family as outbox_family

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUMMARY = "Kami menimbang keripik dan menulis harga di buku kas."
FOLLOW_UP = "Kirim foto kemasan baru"
EVIDENCE = "Foto etalase keripik di warung depan."
CONTROLLED = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"
KEPT = """async ([name, path]) => {
  const cache = await caches.open(name);
  return !!(await cache.match(new URL(path, location.href).href));
}"""
SYNC_TAGS = "async () => (await navigator.serviceWorker.ready).sync.getTags()"
# A browser without Background Sync (Firefox, Safari): the outbox cannot register the tag.
NO_BACKGROUND_SYNC = (
    "() => Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', {get: () => undefined})"
)
# Mutes the outbox's own "online" handler (a capturing listener at the window runs first) and counts
# the worker's flush messages: what sends is then the Background Sync path alone.
ONLY_BACKGROUND_SYNC = """() => {
  window.workerFlushes = 0;
  window.addEventListener("online", (e) => e.stopImmediatePropagation(), true);
  navigator.serviceWorker.addEventListener("message", (e) => {
    if (e.data && e.data.type === "tumbuh.outbox.flush") window.workerFlushes++;
  });
}"""


def family():
    """An entrepreneur whose first milestone asks for text and photos, her mentor and a TKSK."""
    return outbox_family("Foto etalase", asks_photos=2)


def open_through_the_worker(page, *paths: str) -> None:
    """Open each page once the worker controls the tab, so it is kept in the person's cache."""
    page.goto(paths[0])
    page.wait_for_function(CONTROLLED)
    cache = f"tumbuh-pages-{page.evaluate('() => document.body.dataset.offlineKey')}"
    for path in paths:
        page.goto(path)
        page.wait_for_function(READY)
        page.wait_for_function(KEPT, arg=[cache, path])
    page.goto(paths[0])
    page.wait_for_function(READY)
    # Hours later on a real phone the HTTP cache may hold nothing fresh: only the worker's caches count.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


def reload_offline(page) -> None:
    """Reload without signal: the page is the worker's kept copy (marked), its scripts the shell's."""
    failed: list[str] = []
    listener = lambda request: failed.append(request.url)  # noqa: E731
    page.on("requestfailed", listener)
    page.reload()
    page.wait_for_function(READY)
    page.remove_listener("requestfailed", listener)
    expect(page.locator("[data-offline-banner]")).to_be_visible()
    assert page.evaluate("() => document.body.dataset.offlineAt"), "not the worker's kept copy"
    # Only the navigation itself fails (the worker then answers from the cache): no script or style.
    assert [u for u in failed if "/static/" in u] == [], failed
    sheets = page.evaluate("() => [...document.styleSheets].map((s) => new URL(s.href).pathname)")
    links = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href'))"
    )
    assert sorted(sheets) == sorted(links), (sheets, links)


def test_a_companion_and_an_entrepreneur_work_through_two_dead_zones_and_lose_nothing(e2e_server):
    profile, milestone, _mentor, social = family()
    url = e2e_server["url"]
    visit_path, milestone_path = f"/visits/new/{profile.pk}/", f"/portal/milestones/{milestone.pk}/"
    companion_cookie, entrepreneur_cookie = session_cookie(social, url), session_cookie(profile.user, url)

    with journey(e2e_server, "dead-zone") as j:
        # ---- Dead zone 1: the social companion's field visit, sent by Background Sync. ----
        phone = j.page(cookies=[companion_cookie])
        network = Network(phone)
        open_through_the_worker(phone, visit_path, "/outbox/")
        assert phone.evaluate("() => 'SyncManager' in window")

        network.go_offline()
        phone.wait_for_function(OFFLINE)
        phone.locator("#id_purpose").select_option(index=1)
        phone.locator("#id_village").fill("Cibiru")
        phone.locator("#id_summary").fill(SUMMARY)
        phone.locator("#id_photos").set_input_files(
            files=[{"name": "timbangan.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
        )
        expect(phone.locator(".photo-preview img")).to_have_count(1)
        phone.locator("input[name='items-0-text']").fill(FOLLOW_UP)
        phone.locator("form[data-offline-outbox=visit] [type=submit]").click()
        expect(phone.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        assert phone.evaluate(SYNC_TAGS) == ["tumbuh-outbox"]  # waits for the browser to see signal

        reload_offline(phone)
        expect(phone.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        expect(phone.locator("#id_summary")).to_have_value("")
        expect(phone.locator(".photo-preview")).to_have_count(1)  # photo-preview.js came from the shell
        j.step(phone, "visit-form-reloaded-offline")
        phone.goto("/outbox/")  # a kept page too
        expect(phone.locator("[data-offline-banner]")).to_be_visible()
        item = phone.locator("[data-outbox-item]")
        expect(item).to_have_count(1)
        expect(item).to_contain_text("Kunjungan lapangan · Keripik Singkong Bu Siti")
        expect(item).to_contain_text("Menunggu sinyal")
        j.step(phone, "outbox-offline")

        phone.evaluate(ONLY_BACKGROUND_SYNC)
        network.go_online()
        expect(item).to_have_count(0)
        expect(phone.locator(BADGE)).to_be_hidden()
        assert phone.evaluate("() => window.workerFlushes") == 1  # the page's own handler is muted
        assert phone.evaluate(SYNC_TAGS) == []
        phone.goto("/visits/")
        expect(phone.locator("main")).to_contain_text("Keripik Singkong Bu Siti")
        phone.context.close()

        # ---- Dead zone 2: the entrepreneur's evidence with a photo and her figures, two tabs. ----
        evidence = j.page(cookies=[entrepreneur_cookie])
        network = Network(evidence)
        open_through_the_worker(evidence, milestone_path, "/portal/reports/")
        figures = evidence.context.new_page()
        figures.js_errors = []
        figures.on("pageerror", lambda exc: figures.js_errors.append(str(exc)))
        figures.goto("/portal/reports/")
        figures.wait_for_function(READY)

        for tab in (evidence, figures):
            tab.evaluate(NO_BACKGROUND_SYNC)
        network.go_offline()
        evidence.wait_for_function(OFFLINE)
        evidence.locator("#id_text").fill(EVIDENCE)
        evidence.locator("#id_photos").set_input_files(
            files=[{"name": "etalase.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
        )
        evidence.locator("form[data-offline-outbox=evidence] [type=submit]").dblclick()  # a double tap
        expect(evidence.locator(BADGE)).to_have_text("Menunggu sinyal (1)")

        figures.locator("#id_revenue").fill("3.100.000")
        figures.locator("#id_costs").fill("1.450.000")
        figures.locator("form[data-offline-outbox=figures] [type=submit]").click()
        expect(figures.locator(BADGE)).to_have_text("Menunggu sinyal (2)")
        expect(evidence.locator(BADGE)).to_have_text("Menunggu sinyal (2)")

        # The phone restarts the browser in the dead zone: both tabs reload from the worker's cache.
        reload_offline(evidence)
        reload_offline(figures)
        expect(evidence.locator(BADGE)).to_have_text("Menunggu sinyal (2)")
        expect(figures.locator(BADGE)).to_have_text("Menunggu sinyal (2)")
        assert evidence.evaluate(SYNC_TAGS) == []  # nothing for the worker: "online" must do it
        j.step(evidence, "evidence-reloaded-offline")

        # Signal again: both tabs hear "online" (the fallback) and try to send everything.
        network.go_online()
        expect(evidence.locator(BADGE)).to_be_hidden()
        expect(figures.locator(BADGE)).to_be_hidden()
        evidence.goto(milestone_path)
        expect(evidence.locator("main")).to_contain_text(EVIDENCE)
        figures.goto("/portal/reports/")
        expect(figures.locator("main")).to_contain_text("3.100.000")
        j.step(figures, "figures-arrived")
        assert not figures.js_errors, figures.js_errors

    visit = FieldVisit.objects.get()
    assert (visit.profile_id, visit.companion_id, visit.notes) == (profile.pk, social.pk, SUMMARY)
    assert visit.photos.count() == 1
    assert list(visit.action_items.values_list("text", flat=True)) == [FOLLOW_UP]
    milestone.refresh_from_db()
    assert (milestone.status, milestone.version, milestone.evidence_text) == (
        MilestoneStatus.SUBMITTED,
        1,
        EVIDENCE,
    )
    assert MilestoneEvent.objects.filter(milestone=milestone).count() == 1
    assert EvidencePhoto.objects.filter(milestone=milestone).count() == 1
    assert MonthlyReport.objects.filter(profile=profile).count() == 1
    assert MonthlyReport.objects.get(profile=profile).revenue == 3_100_000


def test_figures_refused_through_the_worker_keep_the_reason_until_edited_to_another_month(e2e_server):
    profile, _milestone, mentor, _social = family()
    url = e2e_server["url"]
    key = pwa.offline_key(profile.user)
    chosen: dict[str, str] = {}
    cookie = session_cookie(profile.user, url)

    def mentor_entered_that_month():
        services.record_monthly_report(
            profile, by=mentor, month=chosen["month"], revenue=900_000, costs=400_000
        )

    with journey(e2e_server, "dead-zone-conflict") as j:
        page = j.page(cookies=[cookie])
        network = Network(page)
        open_through_the_worker(page, "/portal/reports/", "/outbox/")
        assert page.evaluate("() => document.body.dataset.offlineKey") == key

        network.go_offline()
        page.wait_for_function(OFFLINE)
        chosen["month"] = page.locator("#id_month").input_value()
        page.locator("#id_revenue").fill("2.750.000")
        page.locator("#id_costs").fill("1.000.000")
        page.locator("form[data-offline-outbox=figures] [type=submit]").click()
        expect(page.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        reload_offline(page)
        expect(page.locator(BADGE)).to_have_text("Menunggu sinyal (1)")

        in_another_thread(mentor_entered_that_month)
        network.go_online()
        expect(page.locator(BADGE)).to_have_class(re.compile(r"\bwarn\b"))
        page.goto("/outbox/")
        item = page.locator("[data-outbox-item]")
        expect(item).to_contain_text("Tidak diterima")
        expect(item).to_contain_text("Laporan untuk bulan ini sudah ada.")
        j.step(page, "figures-refused")

        # "Kirim ulang": the server still refuses, the item and its reason stay (nothing is lost).
        item.locator("[data-outbox-action=resend]").click()
        expect(item).to_have_count(1)
        expect(item).to_contain_text("Laporan untuk bulan ini sudah ada.")

        # "Ubah": the form opens with her figures and the reason; she picks the month before.
        with page.expect_navigation():
            item.get_by_role("link", name="Ubah").click()
        page.wait_for_function(READY)
        expect(page.locator("#id_revenue")).to_have_value("2.750.000")
        expect(page.locator("form[data-offline-outbox=figures] [data-outbox-notice]")).to_contain_text(
            "Laporan untuk bulan ini sudah ada."
        )
        other = page.locator("#id_month option").nth(0).get_attribute("value")
        page.locator("#id_month").select_option(other)
        with page.expect_navigation():
            page.locator("form[data-offline-outbox=figures] [type=submit]").click()
        expect(page.locator(BADGE)).to_be_hidden()
        expect(page.locator("main")).to_contain_text("2.750.000")
        j.step(page, "figures-sent-after-edit")

    reports = MonthlyReport.objects.filter(profile=profile)
    assert reports.count() == 2
    assert reports.get(revenue=2_750_000).month.isoformat() == other
    assert reports.get(revenue=900_000).month.isoformat() == chosen["month"]
