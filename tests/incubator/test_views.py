import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incubator import services
from incubator.models import (
    Assistance,
    EntrepreneurProfile,
    EvidencePhoto,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MonthlyReport,
    PromotionRequest,
)
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator import photos
from tests.incubator.factories import MentorProfileFactory
from tests.incubator.test_services import complete_tier, first, submit


def url(name, *args):
    return reverse(f"incubator:{name}", args=args)


@pytest.fixture
def other(world):
    """Another entrepreneur with another mentor: none of the world's people may see their data."""
    profile = world.enroll(business_name="Ternak Ayam Kampung Pak Darto")
    mentor = MentorProfileFactory().user
    services.assign_companion(profile, mentor, role="mentor", by=world.manager)
    return profile


# ---------------------------------------------------------------- access by role


@pytest.mark.parametrize("name", ["portal_home", "profile", "milestones", "reports"])
def test_portal_pages_for_entrepreneur_mentor_anonymous(world, client, client_for, name):
    assert client.get(url(name)).status_code == 302  # anonymous: to sign in
    assert client_for(world.mentor).get(url(name)).status_code == 403
    assert client_for(world.manager).get(url(name)).status_code == 403
    response = client_for(world.entrepreneur).get(url(name))
    assert response.status_code == 200
    assert world.profile.business_name in response.content.decode()


@pytest.mark.parametrize("name", ["milestones", "reports", "portal_home"])
def test_without_profile_entrepreneur_is_sent_to_fill_it_in(world, client_for, name):
    response = client_for(EntrepreneurUserFactory()).get(url(name))
    assert response.status_code == 302 and response["Location"] == url("profile")


def test_mentor_pages_for_each_role(world, client, client_for, other):
    assert client.get(url("mentor_home")).status_code == 302
    assert client_for(world.entrepreneur).get(url("mentor_home")).status_code == 403
    page = client_for(world.mentor).get(url("mentor_home"))
    assert page.status_code == 200
    body = page.content.decode()
    assert world.profile.business_name in body and other.business_name not in body
    assert client_for(world.mentor).get(url("mentee_detail", world.profile.pk)).status_code == 200
    assert client_for(world.social).get(url("mentee_detail", world.profile.pk)).status_code == 200
    assert client_for(world.mentor).get(url("mentee_detail", other.pk)).status_code == 404
    assert client_for(world.entrepreneur).get(url("mentee_detail", world.profile.pk)).status_code == 403


def test_milestone_detail_own_companion_other(world, client_for, other):
    mine = first(world)
    theirs = other.milestones.first()
    assert client_for(world.entrepreneur).get(url("milestone_detail", mine.pk)).status_code == 200
    assert client_for(world.entrepreneur).get(url("milestone_detail", theirs.pk)).status_code == 404
    assert client_for(world.social).get(url("milestone_detail", mine.pk)).status_code == 200
    assert client_for(world.social).get(url("milestone_detail", theirs.pk)).status_code == 404
    assert client_for(world.manager).get(url("milestone_detail", mine.pk)).status_code == 403


def test_review_page_only_for_the_business_mentor(world, client_for, other):
    m = submit(first(world), world.entrepreneur)
    assert client_for(world.mentor).get(url("review_milestone", m.pk)).status_code == 200
    assert client_for(world.social).get(url("review_milestone", m.pk)).status_code == 404
    theirs = submit(other.milestones.get(template__order=1), other.user)
    assert client_for(world.mentor).get(url("review_milestone", theirs.pk)).status_code == 404
    assert client_for(world.entrepreneur).get(url("review_milestone", m.pk)).status_code == 403


# ---------------------------------------------------------------- portal


def test_dashboard_shows_tier_progress_companions_and_assistance(world, client_for):
    complete_tier(world)
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=1_500_000
    )
    a = services.approve_assistance(a, by=ManagerUserFactory())  # four eyes: a second manager approves
    services.deliver_assistance(a, by=world.manager, delivered_on=timezone.localdate(), proof=photos.png())
    body = client_for(world.entrepreneur).get(url("portal_home")).content.decode()
    assert "Nursing Capital" in body
    assert '<progress id="progress" max="2" value="2">' in body
    assert "2 dari 2 capaian wajib terverifikasi" in body
    assert str(world.mentor) in body and str(world.social) in body
    assert "Rp 1.500.000" in body


def test_self_enrolment_through_profile_form(world, client_for):
    user = EntrepreneurUserFactory()
    client = client_for(user)
    form = client.get(url("profile")).content.decode()
    assert 'name="consent"' in form and 'name="cohort"' in form
    data = {
        "business_name": "Jahit Bu Yati",
        "sector": "services",
        "province": world.province.pk,
        "regency": world.regency.pk,
        "district": world.district.pk,
        "consent": "on",
    }
    response = client.post(url("profile"), data)
    assert response.status_code == 302 and response["Location"] == url("portal_home")
    profile = EntrepreneurProfile.objects.get(user=user)
    assert profile.milestones.count() == 3 and profile.consent is not None
    # Posting the same form again does not enrol twice.
    client.post(url("profile"), data)
    assert EntrepreneurProfile.objects.filter(user=user).count() == 1


def test_profile_form_refuses_regency_of_another_province(world, client_for):
    from tests.incubator.factories import RegencyFactory

    klaten = RegencyFactory(name="Kabupaten Klaten", parent__name="Jawa Tengah")
    response = client_for(EntrepreneurUserFactory()).post(
        url("profile"),
        {
            "business_name": "X",
            "sector": "food",
            "province": world.province.pk,
            "regency": klaten.pk,
            "consent": "on",
        },
    )
    assert response.status_code == 400
    assert not EntrepreneurProfile.objects.filter(business_name="X").exists()


def test_submit_evidence_with_phone_photo(world, client_for):
    m = first(world, order=2)
    client = client_for(world.entrepreneur)
    page = client.get(url("milestone_detail", m.pk)).content.decode()
    assert 'capture="environment"' in page and 'accept="image/*"' in page and "multiple" in page
    response = client.post(
        url("milestone_detail", m.pk),
        {
            "text": "HPP keripik Rp 12.500",
            "amount": "Rp 12.500",
            "photos": [photos.phone_jpeg()],
            "expected_version": 0,
        },
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.status, m.version, m.evidence_amount) == ("submitted", 1, 12_500)
    assert EvidencePhoto.objects.filter(milestone=m).count() == 1


def test_double_submitted_evidence_form_changes_nothing(world, client_for):
    m = first(world)
    client = client_for(world.entrepreneur)
    data = {"text": "Buku kas", "expected_version": 0}
    client.post(url("milestone_detail", m.pk), data)
    response = client.post(url("milestone_detail", m.pk), data, follow=True)
    assert "Capaian ini sudah dikirim dan sedang menunggu ditinjau." in response.content.decode()
    m.refresh_from_db()
    assert m.version == 1 and MilestoneEvent.objects.filter(milestone=m).count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (photos.fake_jpeg, "bukan foto yang bisa kami baca"),
        (photos.png_header_bomb, "terlalu banyak pikselnya"),
        (lambda: photos.oversized(2_000), "lebih besar dari"),
    ],
    ids=["fake", "bomb", "oversized"],
)
def test_bad_photo_gets_a_clear_message_and_changes_nothing(world, client_for, settings, upload, message):
    settings.TUMBUH_MAX_UPLOAD_BYTES = (
        2_000 if message == "lebih besar dari" else settings.TUMBUH_MAX_UPLOAD_BYTES
    )
    m = first(world, order=2)
    response = client_for(world.entrepreneur).post(
        url("milestone_detail", m.pk),
        {"text": "x", "amount": "1000", "photos": [upload()], "expected_version": 0},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    m.refresh_from_db()
    assert m.version == 0 and not EvidencePhoto.objects.exists()


def test_companion_submits_on_behalf_through_the_page(world, client_for):
    m = first(world)
    page = client_for(world.social).get(url("milestone_detail", m.pk)).content.decode()
    assert str(world.entrepreneur) in page
    client_for(world.social).post(url("milestone_detail", m.pk), {"text": "Dibantu", "expected_version": 0})
    assert MilestoneEvent.objects.get(milestone=m).on_behalf_of == world.entrepreneur


def test_reports_page_records_draws_chart_and_refuses_duplicates(world, client_for):
    client = client_for(world.entrepreneur)
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    for month, revenue in ((last_month, "4.000.000"), (this_month, "Rp 5.500.000")):
        response = client.post(
            url("reports"),
            {"month": month.isoformat(), "revenue": revenue, "costs": "1.000.000", "workers": 1},
        )
        assert response.status_code == 302
    body = client.get(url("reports")).content.decode()
    assert "<svg" in body and "<polyline" in body and "Rp 5.500.000" in body and "Rp 4.500.000" in body
    response = client.post(
        url("reports"), {"month": this_month.isoformat(), "revenue": "1", "costs": "0", "workers": 0}
    )
    assert response.status_code == 400 and MonthlyReport.objects.count() == 2


def test_negative_amount_in_report_form(world, client_for):
    response = client_for(world.entrepreneur).post(
        url("reports"),
        {
            "month": timezone.localdate().replace(day=1).isoformat(),
            "revenue": "-500",
            "costs": "0",
            "workers": 0,
        },
    )
    assert response.status_code == 400 and not MonthlyReport.objects.exists()


# ---------------------------------------------------------------- mentor


def test_review_verify_then_stale_double_post(world, client_for):
    m = submit(first(world), world.entrepreneur)
    client = client_for(world.mentor)
    data = {"decision": "verify", "comment": "Bagus", "expected_version": 1}
    assert client.post(url("review_milestone", m.pk), data).status_code == 302
    response = client.post(url("review_milestone", m.pk), data, follow=True)
    assert "Kiriman ini sudah ditinjau" in response.content.decode()
    assert MilestoneEvent.objects.filter(milestone=m, to_status="verified").count() == 1


def test_request_changes_without_comment_shows_error(world, client_for):
    m = submit(first(world), world.entrepreneur)
    response = client_for(world.mentor).post(
        url("review_milestone", m.pk), {"decision": "changes", "comment": "", "expected_version": 1}
    )
    assert response.status_code == 400
    m.refresh_from_db()
    assert m.status == MilestoneStatus.SUBMITTED


def test_mentee_detail_verify_report_and_recommend(world, client_for):
    report = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-01", revenue=1, costs=0
    )
    client = client_for(world.mentor)
    client.post(url("mentee_detail", world.profile.pk), {"action": "verify_report", "report": report.pk})
    report.refresh_from_db()
    assert report.verified_by == world.mentor
    response = client.post(
        url("mentee_detail", world.profile.pk), {"action": "recommend", "note": ""}, follow=True
    )
    assert not PromotionRequest.objects.exists()
    assert "Belum memenuhi syarat." in response.content.decode()
    complete_tier(world)
    client.post(url("mentee_detail", world.profile.pk), {"action": "recommend", "note": "Siap"})
    client.post(
        url("mentee_detail", world.profile.pk), {"action": "recommend", "note": "Siap"}
    )  # double post
    assert PromotionRequest.objects.filter(profile=world.profile).count() == 1


def test_social_companion_cannot_verify_reports(world, client_for):
    report = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-01", revenue=1, costs=0
    )
    client_for(world.social).post(
        url("mentee_detail", world.profile.pk), {"action": "verify_report", "report": report.pk}
    )
    report.refresh_from_db()
    assert report.verified_at is None


# ---------------------------------------------------------------- private files


def test_private_files_only_for_owner_companions_and_managers(world, client, client_for, other):
    m = first(world, order=2)
    services.submit_evidence(m, by=world.entrepreneur, text="x", amount=1, photos=[photos.phone_jpeg()])
    photo = EvidencePhoto.objects.get(milestone=m)
    for kind in ("evidence", "thumb"):
        for person in (world.entrepreneur, world.mentor, world.social, world.manager):
            response = client_for(person).get(url("private_file", kind, photo.pk))
            assert response.status_code == 200, (kind, person)
            assert response["Cache-Control"] == "private, max-age=3600"
            assert response["Content-Type"] == "image/jpeg"
            b"".join(response.streaming_content)
        assert client_for(other.user).get(url("private_file", kind, photo.pk)).status_code == 404
        assert (
            client_for(MentorProfileFactory().user).get(url("private_file", kind, photo.pk)).status_code
            == 404
        )
    client.logout()
    assert client.get(url("private_file", "evidence", photo.pk)).status_code == 404
    assert client_for(world.entrepreneur).get(url("private_file", "nope", photo.pk)).status_code == 404


def test_former_companion_loses_access(world, client_for):
    m = first(world, order=2)
    services.submit_evidence(m, by=world.entrepreneur, text="x", amount=1, photos=[photos.png()])
    photo = EvidencePhoto.objects.get(milestone=m)
    assignment = world.profile.assignments.get(role="social", ended_at=None)
    services.end_assignment(assignment, by=world.manager, reason="Pindah")
    assert client_for(world.social).get(url("private_file", "evidence", photo.pk)).status_code == 404


def test_proof_of_receipt_and_business_photo_served_privately(world, client_for, other):
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Kompor", amount=900_000
    )
    services.approve_assistance(a, by=ManagerUserFactory())  # four eyes: a second manager approves
    services.deliver_assistance(a, by=world.manager, delivered_on=timezone.localdate(), proof=photos.png())
    services.update_business_profile(world.profile, by=world.entrepreneur, business_photo=photos.phone_jpeg())
    a = Assistance.objects.get(pk=a.pk)
    assert client_for(world.entrepreneur).get(url("private_file", "proof", a.pk)).status_code == 200
    assert (
        client_for(world.entrepreneur).get(url("private_file", "business", world.profile.pk)).status_code
        == 200
    )
    assert client_for(other.user).get(url("private_file", "proof", a.pk)).status_code == 404
    assert client_for(other.user).get(url("private_file", "business", world.profile.pk)).status_code == 404
    assert "/media/" not in a.proof_of_receipt.name


def test_english_urls_work(world, client_for):
    response = client_for(world.entrepreneur).get("/en/portal/")
    assert response.status_code == 200 and "required milestones verified" in response.content.decode()


def test_milestones_of_earlier_tier_not_listed(world, client_for):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    services.approve_promotion(request, by=world.manager)
    body = client_for(world.entrepreneur).get(url("milestones")).content.decode()
    dev = Milestone.objects.filter(profile=world.profile, tier="developing").first()
    beg = Milestone.objects.filter(profile=world.profile, tier="beginner").first()
    assert url("milestone_detail", dev.pk) in body and url("milestone_detail", beg.pk) not in body


@pytest.mark.parametrize("report", ["abc", "", "999999"])
def test_verify_report_with_bad_id_is_404_not_500(world, client_for, report):
    response = client_for(world.mentor).post(
        url("mentee_detail", world.profile.pk), {"action": "verify_report", "report": report}
    )
    assert response.status_code == 404


def test_mentor_cannot_verify_another_mentees_report(world, client_for, other):
    report = services.record_monthly_report(other, by=other.user, month="2026-01", revenue=1, costs=0)
    response = client_for(world.mentor).post(
        url("mentee_detail", world.profile.pk), {"action": "verify_report", "report": report.pk}
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.verified_at is None


def test_managers_use_the_workspace_not_the_mentor_pages(world, client_for):
    m = submit(first(world), world.entrepreneur)
    client = client_for(world.manager)
    assert client.get(url("mentor_home")).status_code == 403
    assert client.get(url("mentee_detail", world.profile.pk)).status_code == 403
    assert client.get(url("review_milestone", m.pk)).status_code == 403
    assert (
        client.post(url("review_milestone", m.pk), {"decision": "verify", "expected_version": 1}).status_code
        == 403
    )
    m.refresh_from_db()
    assert m.status == MilestoneStatus.SUBMITTED


def test_manager_moves_a_profile_to_another_cohort(world):
    from tests.incubator.factories import CohortFactory

    cohort = CohortFactory(region=world.regency)
    services.update_business_profile(world.profile, by=world.manager, cohort=cohort)
    world.profile.refresh_from_db()
    assert world.profile.cohort == cohort
