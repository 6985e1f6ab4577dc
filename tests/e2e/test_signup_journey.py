"""Journey 1: on a phone, an entrepreneur signs up, verifies the email, enrolls the business, sees the
dashboard and sends milestone evidence with a photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from incubator.models import Milestone, MilestoneStatus, Tier
from tests.e2e.conftest import journey, read_link
from tests.incubator.factories import MilestoneTemplateFactory, RegencyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_sign_up_verify_enroll_and_send_evidence_with_a_photo(e2e_server, mail_dir):
    regency = RegencyFactory()
    template = MilestoneTemplateFactory(tier=Tier.BEGINNER, title="Catat penjualan harian", asks_photos=1)
    photo = jpeg()

    with journey(e2e_server, "signup") as j:
        page = j.page()
        page.goto("/accounts/signup/")
        j.step(page, "signup-form")
        page.locator("#id_full_name").fill("Siti Aminah")
        page.locator("#id_phone").fill("0812 3456 7890")
        page.locator("#id_email").fill("siti@example.id")
        page.locator("#id_password1").fill("kopi-susu-gula-aren-42")
        page.locator("#id_password2").fill("kopi-susu-gula-aren-42")
        page.locator("#id_consent").check()
        page.locator("form[action$='/accounts/signup/'] [type=submit]").click()
        page.wait_for_url("**/accounts/confirm-email/")
        j.step(page, "verification-sent")

        link = read_link(mail_dir, r"http://127\.0\.0\.1:\d+/accounts/confirm-email/[^\s/]+/")
        page.goto(link)
        j.step(page, "confirm-email")
        page.locator("form[action*='/accounts/confirm-email/'] [type=submit]").click()
        page.wait_for_url("**/portal/profile/")
        j.step(page, "business-profile-form")

        page.locator("#id_business_name").fill("Keripik Singkong Bu Siti")
        page.locator("#id_sector").select_option(index=1)
        page.locator("#id_province").select_option(value=str(regency.parent_id))
        page.locator("#id_regency").select_option(value=str(regency.pk))
        page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
        page.wait_for_url("**/portal/")
        expect(page.locator("main")).to_contain_text("Keripik Singkong Bu Siti")
        j.step(page, "dashboard")

        page.goto("/portal/milestones/")
        j.step(page, "milestones")
        page.get_by_role("link", name="Catat penjualan harian").click()
        j.step(page, "milestone-detail")
        page.locator("#id_text").fill("Saya mencatat penjualan setiap hari di buku kas.")
        page.locator("#id_photos").set_input_files(
            files=[{"name": "buku-kas.jpg", "mimeType": "image/jpeg", "buffer": photo}]
        )
        # The outbox sends the form and then opens the answer (a navigation after the fetch); the
        # photo preview is already an <img> before that, so wait for the navigation itself.
        with page.expect_navigation():
            page.locator("form[enctype='multipart/form-data'] [type=submit]").click()
        expect(page.locator("main img").first).to_be_visible()
        j.step(page, "evidence-sent")

    milestone = Milestone.objects.get(profile__user__email="siti@example.id", template=template)
    assert milestone.status == MilestoneStatus.SUBMITTED
    assert milestone.photos.count() == 1
