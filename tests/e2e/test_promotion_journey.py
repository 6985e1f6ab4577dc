"""Journey 3: the mentor (desktop) verifies the remaining milestone and recommends promotion, the manager
approves it in the Wagtail workspace, and the entrepreneur's phone shows the new tier and its milestones."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from incubator import services
from incubator.models import CompanionRole, Milestone, Tier
from incubator.services._common import create_tier_milestones
from tests.e2e.conftest import DESKTOP, journey, session_cookie
from tests.factories import ManagerUserFactory
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_mentor_recommends_manager_approves_dashboard_shows_new_tier(e2e_server):
    profile = EntrepreneurProfileFactory(business_name="Batik Tulis Ibu Rina")
    mentor = MentorProfileFactory().user
    manager = ManagerUserFactory()
    services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=manager)
    MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Catat penjualan", asks_photos=0)
    MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Pisahkan uang usaha", asks_photos=0)
    MilestoneTemplateFactory(tier=Tier.DEVELOPING, title="Buat laporan laba rugi", asks_photos=0)
    create_tier_milestones(profile, Tier.BEGINNER)
    first, remaining = Milestone.objects.filter(profile=profile).order_by("template__order")
    for m in (first, remaining):
        services.submit_evidence(m, by=profile.user, text="Sudah saya kerjakan.")
    first.refresh_from_db()
    services.verify_milestone(first, by=mentor, expected_version=first.version)
    with translation.override("id"):
        developing = str(Tier.DEVELOPING.label)
    url = e2e_server["url"]
    cookies = {
        who: session_cookie(user, url)
        for who, user in (("mentor", mentor), ("manager", manager), ("entrepreneur", profile.user))
    }
    mentee_url = reverse("incubator:mentee_detail", args=[profile.pk])
    queue_url = reverse("workspace_promotions:index")

    with journey(e2e_server, "promotion") as j:
        desk = j.page(viewport=DESKTOP, cookies=[cookies["mentor"]])
        desk.goto(mentee_url)
        j.step(desk, "mentor-sees-mentee")
        desk.locator(f"a[href='{reverse('incubator:review_milestone', args=[remaining.pk])}']").click()
        j.step(desk, "mentor-reviews")
        questions = []

        def accept(dialog):  # verifying asks for confirmation first (static/js/confirm.js)
            questions.append(dialog.message)
            dialog.accept()

        desk.on("dialog", accept)
        desk.locator("input[name=decision][value=verify]").check()
        desk.locator("main form:has(input[name=decision]) [type=submit]").click()
        desk.wait_for_url(lambda u: "/review/" not in u)
        assert len(questions) == 1
        desk.goto(mentee_url)
        recommend = desk.locator("form:has(input[name=action][value=recommend])")
        recommend.locator("textarea").fill("Pembukuan rapi, siap naik tingkat.")
        recommend.locator("[type=submit]").click()
        expect(desk.locator("section[aria-labelledby=promo-h] .pill.warn")).to_be_visible()
        j.step(desk, "mentor-recommended")

        admin = j.page(viewport=DESKTOP, cookies=[cookies["manager"]])
        admin.goto(queue_url)
        expect(admin.locator("table.listing tbody")).to_contain_text("Batik Tulis Ibu Rina")
        j.step(admin, "manager-promotion-queue")
        admin.locator("a[href*='/confirm/']").click()
        expect(admin.locator("main")).to_contain_text(developing)  # what changes, before approving
        j.step(admin, "manager-confirms")
        admin.locator("form[action*='/approve/'] [type=submit]").click()
        # Back on the queue (the confirmation page has no listing either: wait for the redirect and its
        # message, or the next step would judge a page still loading).
        admin.wait_for_url(re.compile(re.escape(queue_url) + r"(\?.*)?$"))
        expect(admin.locator(".messages li")).to_have_count(1)
        expect(admin.locator("table.listing")).to_have_count(0)
        j.step(admin, "manager-approved")

        phone = j.page(cookies=[cookies["entrepreneur"]])
        phone.goto("/portal/")  # once after the promotion, the dashboard opens the celebration
        phone.wait_for_url("**/portal/promoted/")
        expect(phone.locator("main")).to_contain_text(developing)
        j.step(phone, "entrepreneur-celebration")
        phone.goto("/portal/")
        expect(phone.locator("main")).to_contain_text(developing)
        j.step(phone, "entrepreneur-dashboard-new-tier")
        phone.goto("/portal/milestones/")
        expect(phone.locator("main")).to_contain_text("Buat laporan laba rugi")
        j.step(phone, "entrepreneur-new-milestones")

    profile.refresh_from_db()
    assert profile.tier == Tier.DEVELOPING
