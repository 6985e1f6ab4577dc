"""Journey: work through a dead zone (issue 16, part B). A companion logs a field visit with a photo
and a follow-up without signal; an entrepreneur sends evidence and a month's figures from two tabs
without signal; the outbox keeps them across a reload and sends each exactly once when the signal
returns. A queued item the server refuses (the milestone was reviewed meanwhile) stays, with the
server's message, until the person discards it.

Without the shell's service worker a page cannot be loaded offline, so "the reload" happens while
the signal is weak rather than gone: pages load, but every send fails (POSTs are aborted), which is
also the outbox's other path (a fetch that fails with a network error).
"""

from __future__ import annotations

import io
import re
import threading

import pytest
from django.db import connection
from PIL import Image
from playwright.sync_api import expect

from incubator import services
from incubator.models import CompanionRole, Milestone, MilestoneEvent, MilestoneStatus, MonthlyReport, Tier
from mentoring.models import FieldVisit
from tests.e2e.conftest import Network, journey, session_cookie
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import (
    CohortFactory,
    DistrictFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
    SocialCompanionProfileFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUMMARY = "Kami menghitung harga jual keripik bersama di dapur."
FOLLOW_UP = "Foto produk untuk katalog"
READY = "() => window.TumbuhOutbox !== undefined"
OFFLINE = "() => navigator.onLine === false"
BADGE = "[data-outbox-badge]"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def family(title: str = "Mencatat kas harian", *, asks_photos: int = 0):
    """An entrepreneur in the first tier (one milestone, text-only unless it ``asks_photos``), a
    business mentor and a TKSK."""
    district = DistrictFactory()
    regency = district.parent
    MilestoneTemplateFactory(tier=Tier.BEGINNER, order=1, asks_photos=asks_photos, title=title)
    manager = ManagerUserFactory()
    user = EntrepreneurUserFactory(full_name="Siti Aminah")
    profile = services.enroll_entrepreneur(
        user,
        by=user,
        cohort=CohortFactory(region=regency),
        province=regency.parent,
        regency=regency,
        district=district,
        business_name="Keripik Singkong Bu Siti",
        sector="food",
        consent=True,
    )
    mentor = MentorProfileFactory().user
    social = SocialCompanionProfileFactory().user
    services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=manager)
    services.assign_companion(profile, social, role=CompanionRole.SOCIAL, by=manager)
    milestone = Milestone.objects.get(profile=profile, template__title=title)
    return profile, milestone, mentor, social


def in_another_thread(work) -> None:
    """ORM calls while Playwright's loop runs: in a thread of their own (with their own connection)."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def weak_signal(page) -> None:
    """Pages load, every send fails (as a network error): the outbox must keep what it has."""
    page.context.route(
        "**/*", lambda route: route.abort() if route.request.method == "POST" else route.continue_()
    )


def test_a_companion_logs_a_visit_without_signal_and_it_arrives_once_with_its_photo(e2e_server):
    profile, _milestone, _mentor, social = family()
    cookie = session_cookie(social, e2e_server["url"])

    with journey(e2e_server, "offline-visit") as j:
        page = j.page(cookies=[cookie])
        network = Network(page)
        page.goto(f"/visits/new/{profile.pk}/")
        page.wait_for_function(READY)
        expect(page.locator(BADGE)).to_be_hidden()

        network.go_offline()
        page.wait_for_function(OFFLINE)
        page.locator("#id_purpose").select_option(index=1)
        page.locator("#id_village").fill("Dago")
        page.locator("#id_summary").fill(SUMMARY)
        page.locator("#id_photos").set_input_files(
            files=[{"name": "dapur.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
        )
        page.locator("input[name='items-0-text']").fill(FOLLOW_UP)
        page.locator("form[data-offline-outbox=visit] [type=submit]").click()
        expect(page.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        expect(page.locator("[data-outbox-notice]")).to_contain_text("Tersimpan di ponsel ini")
        expect(page.locator("#id_summary")).to_have_value("")  # ready for the next visit
        j.step(page, "visit-queued")

        # The phone is reloaded where the signal is weak: the draft is still there, still unsent.
        weak_signal(page)  # before the signal returns: the "online" event would send at once
        network.go_online()
        page.reload()
        page.wait_for_function(READY)
        expect(page.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        page.goto("/outbox/")
        expect(page.locator("[data-outbox-item]")).to_have_count(1)
        expect(page.locator("[data-outbox-item]")).to_contain_text("Menunggu sinyal")
        j.step(page, "outbox-waiting")

        # The signal comes back: the outbox sends by itself.
        network.go_offline()
        page.context.unroute("**/*")
        network.go_online()
        expect(page.locator(BADGE)).to_be_hidden()
        expect(page.locator("[data-outbox-item]")).to_have_count(0)
        expect(page.locator("[data-outbox-empty]")).to_be_visible()
        # A second page load sends nothing again.
        page.reload()
        page.wait_for_function(READY)
        assert page.evaluate("() => window.TumbuhOutbox.count()") == 0
        j.step(page, "outbox-empty")

    visit = FieldVisit.objects.get()
    assert (visit.profile_id, visit.companion_id, visit.notes) == (profile.pk, social.pk, SUMMARY)
    assert visit.photos.count() == 1
    assert list(visit.action_items.values_list("text", flat=True)) == [FOLLOW_UP]


def test_an_entrepreneur_sends_evidence_and_figures_from_two_tabs_without_signal_once_each(e2e_server):
    profile, milestone, _mentor, _social = family()
    cookie = session_cookie(profile.user, e2e_server["url"])

    with journey(e2e_server, "offline-evidence-figures") as j:
        evidence = j.page(cookies=[cookie])
        network = Network(evidence)
        evidence.goto(f"/portal/milestones/{milestone.pk}/")
        evidence.wait_for_function(READY)
        figures = evidence.context.new_page()  # a second tab of the same phone
        figures.js_errors = []
        figures.on("pageerror", lambda exc: figures.js_errors.append(str(exc)))
        figures.goto("/portal/reports/")
        figures.wait_for_function(READY)

        network.go_offline()
        evidence.wait_for_function(OFFLINE)
        figures.wait_for_function(OFFLINE)
        evidence.locator("#id_text").fill("Saya mencatat kas setiap sore di buku.")
        evidence.locator("form[data-offline-outbox=evidence] [type=submit]").click()
        expect(evidence.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        j.step(evidence, "evidence-queued")

        figures.locator("#id_month").select_option(index=0)
        figures.locator("#id_revenue").fill("2.500.000")
        figures.locator("#id_costs").fill("1.200.000")
        figures.locator("form[data-offline-outbox=figures] [type=submit]").click()
        expect(figures.locator(BADGE)).to_have_text("Menunggu sinyal (2)")

        # The signal returns while both tabs are open: each tries to send everything.
        network.go_online()
        expect(evidence.locator(BADGE)).to_be_hidden()
        expect(figures.locator(BADGE)).to_be_hidden()
        figures.goto("/portal/reports/")
        expect(figures.locator("main")).to_contain_text("2.500.000")
        j.step(figures, "figures-arrived")

    assert MonthlyReport.objects.filter(profile=profile).count() == 1
    milestone.refresh_from_db()
    assert (milestone.status, milestone.version) == (MilestoneStatus.SUBMITTED, 1)
    assert MilestoneEvent.objects.filter(milestone=milestone).count() == 1


def test_evidence_refused_after_a_review_meanwhile_stays_with_the_reason_until_discarded(e2e_server):
    profile, milestone, mentor, _social = family()
    cookie = session_cookie(profile.user, e2e_server["url"])

    def reviewed_meanwhile():
        services.submit_evidence(milestone, by=profile.user, text="Dikirim dari HP anak", expected_version=0)
        services.verify_milestone(milestone, by=mentor, expected_version=1)

    with journey(e2e_server, "offline-conflict") as j:
        page = j.page(cookies=[cookie])
        network = Network(page)
        page.goto(f"/portal/milestones/{milestone.pk}/")
        page.wait_for_function(READY)

        network.go_offline()
        page.wait_for_function(OFFLINE)
        page.locator("#id_text").fill("Versi dari dapur, tanpa sinyal.")
        page.locator("form[data-offline-outbox=evidence] [type=submit]").click()
        expect(page.locator(BADGE)).to_have_text("Menunggu sinyal (1)")

        in_another_thread(reviewed_meanwhile)
        network.go_online()
        expect(page.locator(BADGE)).to_have_class(re.compile(r"\bwarn\b"))
        page.goto("/outbox/")
        item = page.locator("[data-outbox-item]")
        expect(item).to_have_count(1)
        expect(item).to_contain_text("Tidak diterima")
        expect(item).to_contain_text("Capaian ini sudah dikirim dan sedang menunggu ditinjau.")
        expect(item.locator("a", has_text="Ubah")).to_be_visible()
        expect(page.locator(BADGE)).to_have_text("Menunggu sinyal (1)")
        j.step(page, "outbox-refused")

        page.on("dialog", lambda dialog: dialog.accept())
        item.locator("[data-outbox-action=discard]").click()
        expect(page.locator("[data-outbox-item]")).to_have_count(0)
        expect(page.locator(BADGE)).to_be_hidden()
        j.step(page, "outbox-discarded")

    milestone.refresh_from_db()
    assert (milestone.status, milestone.evidence_text) == (MilestoneStatus.VERIFIED, "Dikirim dari HP anak")
    assert MilestoneEvent.objects.filter(milestone=milestone).count() == 2
