"""Journey 5: on phones, a social companion (TKSK) registers a family with a phone number alone, logs a
field visit with a photo and enters the month's figures for them; the family signs in with a code
sent by SMS, sees what was entered for them and the visit on their timeline, and raises a complaint."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from complaints.models import Complaint, Status
from incubator.models import EntrepreneurProfile, MonthlyReport
from mentoring.models import FieldVisit
from tests.e2e.conftest import journey, read_sms
from tests.factories import PASSWORD
from tests.incubator.factories import CohortFactory, DistrictFactory, SocialCompanionProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_NUMBER = "+6281398765432"
INTERNAL_NOTE = "Catatan internal: suami sedang sakit, perlu rujukan PKH."


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_companion_registers_visits_and_reports_then_the_family_signs_in_by_code_and_complains(
    e2e_server, sms_dir
):
    district = DistrictFactory()
    regency = district.parent
    companion = SocialCompanionProfileFactory(user__full_name="Budi Santoso")
    companion.regions.add(regency)
    cohort = CohortFactory(name="ProKUS 2026 — Angkatan Coblong", region=regency)
    photo = jpeg()

    with journey(e2e_server, "fieldwork") as j:
        # The companion signs in on their phone and registers the family at the kitchen table.
        page = j.page()
        page.goto("/accounts/login/")
        j.step(page, "companion-sign-in")
        page.locator("#id_login").fill(companion.user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form[action$='/accounts/login/'] [type=submit]").click()
        page.wait_for_url(lambda u: "/accounts/login/" not in u)

        page.goto("/mentor/entrepreneurs/new/")
        j.step(page, "register-form")
        page.locator("#id_full_name").fill("Siti Aminah")
        page.locator("#id_phone").fill("0813 9876 5432")
        page.locator("#id_business_name").fill("Keripik Singkong Bu Siti")
        page.locator("#id_sector").select_option(index=1)
        page.locator("#id_province").select_option(value=str(regency.parent_id))
        page.locator("#id_regency").select_option(value=str(regency.pk))
        page.locator("#id_district").select_option(value=str(district.pk))
        page.locator("#id_village").fill("Dago")
        page.locator("#id_cohort").select_option(value=str(cohort.pk))
        page.locator("#id_consent").check()
        page.locator("form:has(#id_full_name) [type=submit]").click()
        page.wait_for_url("**/mentor/entrepreneurs/*/")
        expect(page.locator("main")).to_contain_text("Keripik Singkong Bu Siti")
        j.step(page, "mentee-page")
        profile_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

        page.goto(f"/visits/new/{profile_id}/")
        j.step(page, "visit-form")
        page.locator("#id_purpose").select_option(index=1)
        page.locator("#id_village").fill("Dago")
        page.locator("#id_summary").fill("Kami menghitung modal dan harga jual keripik bersama.")
        page.locator("#id_internal_notes").fill(INTERNAL_NOTE)
        page.locator("#id_photos").set_input_files(
            files=[{"name": "dapur.jpg", "mimeType": "image/jpeg", "buffer": photo}]
        )
        page.locator("form:has(#id_summary) [type=submit]").click()
        page.wait_for_url("**/visits/*/")
        expect(page.locator("main img").first).to_be_visible()
        expect(page.locator("main")).to_contain_text(INTERNAL_NOTE)  # the companion reads their notes
        j.step(page, "visit-saved")

        page.goto(f"/mentor/entrepreneurs/{profile_id}/reports/")
        j.step(page, "figures-form")
        page.locator("#id_revenue").fill("2.500.000")
        page.locator("#id_costs").fill("1.200.000")
        page.locator("#id_workers").fill("1")
        page.locator("form:has(#id_revenue) [type=submit]").click()
        expect(page.locator("main")).to_contain_text("2.500.000")
        j.step(page, "figures-saved")

        # The family signs in on their own phone with a code sent by SMS: no password, no email.
        family = j.page()
        family.goto("/accounts/login/code/")
        j.step(family, "request-code")
        family.locator("form[action$='/accounts/login/code/'] input[name=phone]").fill("0813 9876 5432")
        family.locator("form[action$='/accounts/login/code/'] [type=submit]").click()
        family.wait_for_url("**/accounts/login/code/confirm/")
        j.step(family, "enter-code")
        code = read_sms(sms_dir, PHONE_NUMBER, r"\b\d{6}\b")
        family.locator("input[name=code]").fill(code)
        family.locator(
            "form[action$='/accounts/login/code/confirm/'] [type=submit]:not([form]):not([data-countdown])"
        ).click()  # "Konfirmasi", not "send the code again"
        family.wait_for_url("**/portal/")
        expect(family.locator("main")).to_contain_text("Diisi oleh Budi Santoso untuk Siti Aminah")
        j.step(family, "portal")

        family.goto("/timeline/")
        main = family.locator("main")
        expect(main).to_contain_text("Kami menghitung modal dan harga jual keripik bersama.")
        expect(main).not_to_contain_text(INTERNAL_NOTE)
        j.step(family, "timeline")
        main.locator("a[href*='/visits/']").first.click()
        family.wait_for_url("**/visits/*/")
        expect(main).to_contain_text("Kami menghitung modal dan harga jual keripik bersama.")
        expect(main.locator("img").first).to_be_visible()
        expect(main).not_to_contain_text(INTERNAL_NOTE)
        j.step(family, "visit-for-the-family")

        family.goto("/complaints/new/")
        j.step(family, "complaint-form")
        family.locator("input[name=category][value=assistance]").check()
        family.locator("#id_description").fill("Bantuan modal usaha belum saya terima sejak Januari.")
        family.locator("form:has(#id_description) [type=submit]").click()
        # The form is sent by the outbox's fetch: wait for the complaint's own page, not the form's URL.
        family.wait_for_url(lambda url: "/complaints/new/" not in url)
        complaint_number = family.locator("main h1").inner_text()
        expect(family.locator(".messages")).to_contain_text(complaint_number)
        expect(family.locator("main .pill").first).to_have_text("Baru")
        j.step(family, "complaint-raised")

    profile = EntrepreneurProfile.objects.get(pk=profile_id)
    assert profile.user.phone == PHONE_NUMBER and profile.user.phone_verified
    assert not profile.user.email
    visit = FieldVisit.objects.get(profile=profile)
    assert visit.photos.count() == 1
    assert MonthlyReport.objects.get(profile=profile).revenue == 2_500_000
    complaint = Complaint.objects.get(raised_by=profile.user)
    assert complaint.number == complaint_number and complaint.status == Status.NEW
