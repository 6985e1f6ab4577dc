"""Journey: placement at Developing at intake → the family sees its distance to the UMK → graduation
("lulus") from Developing once verified income reaches the UMK.

The mentor fills in the intake assessment on a desktop, the area's manager confirms Developing in the
Wagtail workspace, the entrepreneur's phone shows the distance to the UMK, the mentor verifies the
three months above the UMK and recommends graduation, the manager approves the "Lulus" row, and the
phone shows the graduated tier. Months are counted back from today: the live server runs on the
real clock (a frozen clock does not reach its process), so the data never lies in the future.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from incubator import services
from incubator.models import CompanionRole, IntakeAspect, MonthlyReport, Tier
from incubator.services.graduation import add_months
from tests.e2e.conftest import DESKTOP, journey, session_cookie
from tests.factories import ManagerUserFactory
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    IncomeThresholdFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
    SocialCompanionProfileFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UMK = 2_000_000


def test_placed_at_developing_sees_distance_to_umk_and_graduates_from_developing(e2e_server):
    profile = EntrepreneurProfileFactory(business_name="Warung Nasi Bu Tini")
    IncomeThresholdFactory(regency=profile.regency, monthly_amount=UMK)
    mentor = MentorProfileFactory().user
    social = SocialCompanionProfileFactory().user
    manager = ManagerUserFactory()
    services.assign_companion(profile, mentor, role=CompanionRole.MENTOR, by=manager)
    services.assign_companion(profile, social, role=CompanionRole.SOCIAL, by=manager)
    MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Catat penjualan", asks_photos=0)
    MilestoneTemplateFactory(tier=Tier.DEVELOPING, title="Buat laporan laba rugi", asks_photos=0)
    for n, title in enumerate(["Usaha berjalan", "Pembukuan", "Omzet", "Produk", "Legalitas", "Modal"], 1):
        IntakeAspect.objects.create(
            code=f"aspek-{n}",
            order=n,
            title=title,
            level_0="Belum",
            level_1="Sedikit",
            level_2="Cukup",
            level_3="Baik",
        )
    # Six months of figures: three verified below the UMK, then three above it, not verified yet.
    this_month = timezone.localdate().replace(day=1)
    for back in range(6, 0, -1):
        report = services.record_monthly_report(
            profile,
            by=profile.user,
            month=add_months(this_month, -back),
            revenue=(1_500_000 if back > 3 else 2_600_000) + 1_000_000,
            costs=1_000_000,
        )
        if back > 3:
            services.verify_monthly_report(report, by=mentor)
    newest = list(MonthlyReport.objects.filter(verified_at__isnull=True).values_list("pk", flat=True))
    with translation.override("id"):
        developing, graduated = str(Tier.DEVELOPING.label), str(Tier.GRADUATED.label)
    url = e2e_server["url"]
    cookies = {
        who: session_cookie(user, url)
        for who, user in (("mentor", mentor), ("manager", manager), ("entrepreneur", profile.user))
    }
    mentee_url = reverse("incubator:mentee_detail", args=[profile.pk])
    intake_url = reverse("incubator:mentee_intake", args=[profile.pk])

    with journey(e2e_server, "placement") as j:
        desk = j.page(viewport=DESKTOP, cookies=[cookies["mentor"]])
        desk.goto(intake_url)
        expect(desk.locator("[data-placement-rule]")).to_contain_text("18")
        for n in range(1, 7):
            desk.locator(f"input[name='score_aspek-{n}'][value='2']").check()
        desk.locator("input[name=baseline_revenue]").fill("2.500.000")
        desk.locator("input[name=baseline_costs]").fill("1.000.000")
        j.step(desk, "mentor-intake-form")
        desk.locator("main form [type=submit]").click()
        expect(desk.locator("[data-assessment]")).to_contain_text(developing)
        j.step(desk, "mentor-intake-saved")

        admin = j.page(viewport=DESKTOP, cookies=[cookies["manager"]])
        admin.goto(reverse("workspace_placements:index"))
        expect(admin.locator("table.listing tbody")).to_contain_text("Warung Nasi Bu Tini")
        j.step(admin, "manager-placements-waiting")
        admin.locator("table.listing a.button").first.click()
        expect(admin.locator("[data-placement-rule]")).to_be_visible()
        expect(admin.locator("input[name=tier][value=developing]")).to_be_checked()
        j.step(admin, "manager-confirms-placement")
        admin.locator("main form [type=submit]").click()
        expect(admin.locator("table.listing")).to_have_count(0)

        phone = j.page(cookies=[cookies["entrepreneur"]])
        phone.goto("/portal/")
        expect(phone.locator("main")).to_contain_text(developing)
        expect(phone.locator("[data-umk-distance]")).to_contain_text("Rp 500.000")
        j.step(phone, "entrepreneur-sees-distance-to-umk")

        desk.goto(mentee_url)
        desk.on("dialog", lambda dialog: dialog.accept())  # verifying figures asks first (confirm.js)
        for pk in newest:
            desk.locator(f"form:has(input[name=report][value='{pk}']) [type=submit]").click()
            desk.wait_for_load_state()
        graduate = desk.locator("form:has(input[name=action][value=recommend_graduation])")
        graduate.locator("textarea").fill("Laba tiga bulan terakhir di atas UMK.")
        graduate.locator("[type=submit]").click()
        expect(desk.locator("section[aria-labelledby=grad-h] .pill.warn")).to_be_visible()
        j.step(desk, "mentor-recommended-graduation")

        admin.goto(reverse("workspace_promotions:index"))
        expect(admin.locator("[data-graduation]")).to_be_visible()
        j.step(admin, "manager-graduation-queue")
        admin.locator("a[href*='/confirm/']").click()  # what changes, before approving
        admin.locator("form[action*='/approve/'] [type=submit]").click()
        expect(admin.locator("table.listing")).to_have_count(0)

        phone.goto("/portal/")  # the celebration first (once), then the dashboard
        expect(phone.locator("main")).to_contain_text(graduated)
        phone.goto("/portal/")
        expect(phone.locator("main")).to_contain_text(graduated)
        expect(phone.locator("[data-umk-distance] .pill")).to_be_visible()
        j.step(phone, "entrepreneur-graduated")

    profile.refresh_from_db()
    assert profile.tier == Tier.GRADUATED
    assert profile.graduation_watches.get().from_tier == Tier.DEVELOPING
