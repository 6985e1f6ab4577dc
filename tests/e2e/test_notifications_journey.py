"""Journey: notifications. The mentor asks for changes → the entrepreneur's bell rises live on an
open page and the inbox shows the comment; with the entrepreneur away, the next review reaches her
by SMS after the (shortened, 2 s) delay, sent by the REAL ``db_worker`` process (and the scheduler
runs beside it), into the file SMS backend. Then the service worker: a push delivered through
Chromium's DevTools protocol shows a notification whose click target is the item's page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from incubator import services
from incubator.models import CompanionRole, Milestone, Tier
from incubator.services._common import create_tier_milestones
from notifications.models import Delivery, Notification
from tests.e2e.conftest import DESKTOP, ROOT, journey, read_sms, session_cookie
from tests.factories import ManagerUserFactory
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@contextmanager
def background(e2e_server, tmp_path: Path):
    """The real task worker and scheduler, as ``make run`` starts them, on the journey's database."""
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.server_settings",
        "E2E_DB_NAME": str(connection.settings_dict["NAME"]),
        "E2E_MAIL_DIR": str(e2e_server["mail_dir"]),
        "E2E_SMS_DIR": str(e2e_server["sms_dir"]),
    }
    commands = {
        "worker": ["db_worker", "--interval", "0.5", "--no-startup-delay"],
        "scheduler": ["run_scheduler", "--interval", "5"],
    }
    procs = []
    try:
        for name, args in commands.items():
            log = (tmp_path / f"{name}.log").open("w")
            procs.append(
                (
                    subprocess.Popen(
                        [sys.executable, "manage.py", *args],
                        env=env,
                        cwd=ROOT,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    ),
                    log,
                )
            )
        yield procs
    finally:
        for proc, log in procs:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
    for _proc, log in procs:
        text = Path(log.name).read_text()
        assert "Traceback" not in text, text[-3000:]


def test_bell_rises_live_inbox_shows_the_comment_and_the_away_entrepreneur_gets_an_sms(
    e2e_server, sms_dir, tmp_path
):
    profile = EntrepreneurProfileFactory(business_name="Sambal Bu Yati")
    entrepreneur = profile.user
    assert entrepreneur.phone and entrepreneur.phone_verified
    mentor = MentorProfileFactory().user
    services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=ManagerUserFactory())
    MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Catat penjualan harian", asks_photos=0)
    MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Pisahkan uang usaha", asks_photos=0)
    create_tier_milestones(profile, Tier.BEGINNER)
    first, second = Milestone.objects.filter(profile=profile).order_by("template__order")
    for milestone in (first, second):
        services.submit_evidence(milestone, by=entrepreneur, text="Sudah saya kerjakan.")
    Notification.objects.all().delete()  # the set-up's own items (assignment, submissions)
    url = e2e_server["url"]
    mentor_cookie, entrepreneur_cookie = session_cookie(mentor, url), session_cookie(entrepreneur, url)

    def review(desk, milestone, decision, comment=""):
        desk.goto(reverse("incubator:review_milestone", args=[milestone.pk]))
        desk.locator(f"input[name=decision][value={decision}]").check()
        if comment:
            desk.locator("textarea[name=comment]").fill(comment)
        desk.locator("main form:has(input[name=decision]) [type=submit]").click()
        desk.wait_for_url(lambda u: "/review/" not in u)

    with background(e2e_server, tmp_path), journey(e2e_server, "notifications") as j:
        phone = j.page(cookies=[entrepreneur_cookie])
        phone.goto("/portal/")
        badge = phone.locator("[data-inbox-badge]")
        expect(badge).to_be_hidden()
        j.step(phone, "entrepreneur-no-news")

        desk = j.page(viewport=DESKTOP, cookies=[mentor_cookie])
        desk.on("dialog", lambda dialog: dialog.accept())  # a decision asks for confirmation (confirm.js)
        review(desk, first, "changes", "Fotonya kurang jelas, mohon kirim ulang.")
        expect(badge).to_have_text("1")  # live, over the socket: no reload
        j.step(phone, "entrepreneur-bell-rises")
        phone.locator("[data-inbox-link]").click()
        expect(phone.locator("main")).to_contain_text("Fotonya kurang jelas, mohon kirim ulang.")
        j.step(phone, "entrepreneur-inbox-shows-comment")
        phone.context.close()  # she goes away

        review(desk, second, "verify")
        text = read_sms(sms_dir, entrepreneur.phone, r"Tumbuh: .*Pisahkan uang usaha.*", timeout=40)
        assert "/notifications/" in text
    # (The ORM only outside Playwright's loop.) The first item was seen in the inbox: it never went out.
    assert not Delivery.objects.filter(notification__params__title="Catat penjualan harian").exists()
    sent = Delivery.objects.get(channel="sms", notification__params__title="Pisahkan uang usaha")
    assert sent.status == Delivery.Status.SENT


DELIVER_PUSH = """async () => {
  const registration = await navigator.serviceWorker.register('/sw.js', {scope: '/'});
  await navigator.serviceWorker.ready;
  return registration.scope;
}"""


def test_a_pushed_message_shows_a_notification_that_opens_the_item(e2e_server):
    url = e2e_server["url"]
    with journey(e2e_server, "service-worker") as j:
        page = j.page(viewport=DESKTOP)
        page.context.grant_permissions(["notifications"], origin=url)
        page.goto("/")
        cdp = page.context.new_cdp_session(page)
        registrations: list[dict] = []
        cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
        cdp.send("ServiceWorker.enable")
        scope = page.evaluate(DELIVER_PUSH)
        assert scope == url + "/"
        deadline = time.monotonic() + 10
        while not any(r["scopeURL"] == scope for r in registrations) and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        registration_id = next(r["registrationId"] for r in registrations if r["scopeURL"] == scope)
        page.evaluate(
            """() => { window.pushed = new Promise(resolve =>
                navigator.serviceWorker.addEventListener('message', e => resolve(e.data))); }"""
        )
        payload = {
            "title": "Tumbuh",
            "body": "Milestone Anda diverifikasi.",
            "url": "/notifications/7/open/",
            "tag": "tumbuh-7",
        }
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": url, "registrationId": registration_id, "data": json.dumps(payload)},
        )
        message = page.evaluate("() => window.pushed")
        assert message == {"type": "tumbuh.push", "payload": payload}
        shown = page.evaluate(
            """async () => (await (await navigator.serviceWorker.ready).getNotifications())
                .map(n => ({title: n.title, body: n.body, tag: n.tag, data: n.data}))"""
        )
        assert shown == [
            {
                "title": "Tumbuh",
                "body": "Milestone Anda diverifikasi.",
                "tag": "tumbuh-7",
                "data": {"url": "/notifications/7/open/"},
            }
        ]
