"""Journey 8: BSiMU with four eyes. Manager A plans an item against the cohort's budget, is refused when
approving it himself, manager B approves it, the family's social companion records the delivery on a
phone with a photo of the receipt, the family is asked on the portal and by SMS and answers "YA" by SMS
(through the gateway's inbound hook), and the program report shows the item planned, approved, delivered
and confirmed."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import expect

from incubator import services
from incubator.models import Assistance, CompanionRole
from tests.e2e.conftest import DESKTOP, SMS_INBOUND_SECRET, journey, read_sms, session_cookie
from tests.factories import ManagerUserFactory
from tests.incubator.factories import CohortFactory, EntrepreneurProfileFactory, SocialCompanionProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUSINESS = "Warung Nasi Bu Yati"
ITEM = "Etalase kaca"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (180, 140, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_manager_plans_second_manager_approves_companion_delivers_family_confirms_by_sms_report_shows_it(
    e2e_server,
):
    profile = EntrepreneurProfileFactory(business_name=BUSINESS)
    profile.cohort = CohortFactory(name="ProKUS 2026 — Angkatan Yati", region=profile.regency)
    profile.save(update_fields=["cohort"])
    planner = ManagerUserFactory(full_name="Manajer Perencana")
    approver = ManagerUserFactory(full_name="Manajer Penyetuju")
    companion = SocialCompanionProfileFactory(user__full_name="Pak Darto").user
    services.assign_companion(profile, companion, role=CompanionRole.SOCIAL, by=planner)
    services.set_budget(profile.cohort, by=planner, amount=5_000_000)
    today = timezone.localdate().isoformat()
    with translation.override("id"):
        confirmed = str(Assistance.Receipt.CONFIRMED.label)
        own_plan = gettext("You planned this assistance; another manager must approve it.")
    url = e2e_server["url"]
    cookies = {
        who: session_cookie(user, url)
        for who, user in (
            ("planner", planner),
            ("approver", approver),
            ("companion", companion),
            ("family", profile.user),
        )
    }
    mentee_url = reverse("incubator:mentee_detail", args=[profile.pk])
    family_phone = profile.user.phone
    photo = jpeg()

    with journey(e2e_server, "assistance") as j:
        # Manager A plans the item; the planning screen shows the cohort's remaining budget.
        a = j.page(viewport=DESKTOP, cookies=[cookies["planner"]])
        a.goto(reverse("workspace_assistance:add"))
        expect(a.locator("[data-budgets] [data-remaining]").first).to_contain_text("Rp 5.000.000")
        j.step(a, "planner-plans")
        a.locator("#id_profile").select_option(value=str(profile.pk))
        a.locator("#id_kind").select_option(value="goods")
        a.locator("#id_plan_item").fill(ITEM)
        a.locator("#id_amount").fill("2000000")
        a.locator("#w-editor-form [type=submit]").first.click()
        a.wait_for_url(lambda u: "/add/" not in u)
        expect(a.locator("table.listing tbody")).to_contain_text(BUSINESS)

        # Four eyes: the planner cannot approve his own plan.
        a.locator("table.listing tbody tr", has_text=BUSINESS).locator("a[href*='/edit/']").first.click()
        a.locator("form:has(input[name=action][value=approve]) [type=submit]").click()
        expect(a.locator(".messages")).to_contain_text(own_plan)
        expect(a.locator("form:has(input[name=action][value=approve])")).to_be_visible()
        j.step(a, "planner-refused")
        item_url = a.url

        # Manager B approves.
        b = j.page(viewport=DESKTOP, cookies=[cookies["approver"]])
        b.goto(item_url)
        b.locator("form:has(input[name=action][value=approve]) [type=submit]").click()
        expect(b.locator("form:has(input[name=action][value=deliver])")).to_be_visible()
        j.step(b, "approver-approved")

        # The companion records the handover on a phone, with a photo of the signed receipt.
        phone = j.page(cookies=[cookies["companion"]])
        phone.goto(mentee_url)
        phone.locator("[data-assistance] a[href*='/deliver/']").click()
        phone.wait_for_url("**/deliver/")
        j.step(phone, "companion-delivery-form")
        phone.locator("#id_amount").fill("2.000.000")
        phone.locator("#id_delivered_on").fill(today)
        phone.locator("#id_proof").set_input_files(
            files=[{"name": "kuitansi.jpg", "mimeType": "image/jpeg", "buffer": photo}]
        )
        phone.locator("form:has(#id_proof) [type=submit]").click()
        phone.wait_for_url(f"**{mentee_url}")
        expect(phone.locator("[data-assistance] a[href*='/files/proof/']")).to_be_visible()
        j.step(phone, "companion-delivered")

        # The family is asked "Sudah menerima …?" on the portal and by SMS, and answers YA by SMS.
        family = j.page(cookies=[cookies["family"]])
        family.goto("/portal/")
        expect(family.locator("[data-receipt]")).to_contain_text(ITEM)
        j.step(family, "family-asked")
        read_sms(
            e2e_server["sms_dir"], family_phone, rf"Tumbuh: Sudah menerima {ITEM} .*Balas YA atau TIDAK\."
        )
        reply = family.request.post(
            f"{url}/sms/inbound/",
            form={"from": family_phone, "text": "ya"},
            headers={"X-Tumbuh-SMS-Secret": SMS_INBOUND_SECRET},
        )
        assert reply.status == 200 and reply.json() == {"handled": True}
        family.reload()
        expect(family.locator("[data-receipt]")).to_have_count(0)
        expect(family.locator("[data-assistance]")).to_contain_text(confirmed)
        j.step(family, "family-confirmed")

        # The program report shows the item at every step.
        a.goto(reverse("workspace_report:index"))
        row = a.locator("[data-bsimu-row=beginner]")
        expect(row).to_contain_text("1 · Rp 2.000.000")
        expect(row.locator("td").last).to_contain_text("1 · Rp 2.000.000")
        j.step(a, "report-shows-it")

    item = Assistance.objects.get(profile=profile)
    assert (item.status, item.receipt) == (Assistance.Status.DELIVERED, Assistance.Receipt.CONFIRMED)
    assert (item.recorded_by, item.approved_by, item.delivered_by) == (planner, approver, companion)
