import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone, translation

from incubator import services
from incubator.errors import (
    AssignmentError,
    AssistanceError,
    EnrolmentError,
    EvidenceError,
    MilestoneError,
    NotAllowed,
    ProfileError,
    PromotionError,
    ReportError,
)
from incubator.models import (
    MAX_RUPIAH,
    Assistance,
    AssistanceEvent,
    CompanionAssignment,
    CompanionRole,
    EvidencePhoto,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MonthlyReport,
    PromotionRequest,
    Tier,
    TierChange,
)
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory, MentorUserFactory
from tests.incubator import photos
from tests.incubator.factories import (
    CohortFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
    RegencyFactory,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English here; the Indonesian ones are checked in the view tests."""
    with translation.override("en"):
        yield


def submit(milestone, by, **kw):
    template = milestone.template
    kw.setdefault("text", "Sudah saya kerjakan")
    if template.asks_amount:
        kw.setdefault("amount", 12_500)
    if template.asks_photos:
        kw.setdefault("photos", [photos.png()])
    return services.submit_evidence(milestone, by=by, **kw)


def complete_tier(world, profile=None):
    profile = profile or world.profile
    profile.refresh_from_db()
    for m in Milestone.objects.filter(profile=profile, tier=profile.tier, template__is_required=True):
        m = submit(m, world.entrepreneur if profile == world.profile else profile.user)
        services.verify_milestone(m, by=world.mentor, expected_version=m.version)


def promote(world):
    request = services.recommend_promotion(world.profile, by=world.mentor)
    return services.approve_promotion(request, by=world.manager)


def verified_reports(world, profits, start=datetime.date(2026, 1, 1)):
    for i, profit in enumerate(profits):
        month = datetime.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        report = services.record_monthly_report(
            world.profile, by=world.entrepreneur, month=month, revenue=profit + 1_000_000, costs=1_000_000
        )
        services.verify_monthly_report(report, by=world.mentor)


# ---------------------------------------------------------------- enrolment


def test_enrolment_starts_at_beginner_with_history_and_milestones(world):
    p = world.profile
    assert p.tier == Tier.BEGINNER
    assert set(p.milestones.values_list("template__tier", flat=True)) == {Tier.BEGINNER}
    assert p.milestones.count() == 3
    change = TierChange.objects.get(profile=p)
    assert (change.from_tier, change.to_tier, change.changed_by) == ("", Tier.BEGINNER, world.entrepreneur)
    assert p.consent is not None and p.consent.user == world.entrepreneur


def test_inactive_templates_are_not_created(world):
    MilestoneTemplateFactory(tier=Tier.BEGINNER, order=9, is_active=False)
    assert world.enroll().milestones.count() == 3


def test_enrolling_twice_refused(world):
    with pytest.raises(EnrolmentError):
        world.enroll(world.entrepreneur)
    assert TierChange.objects.filter(profile__user=world.entrepreneur).count() == 1


def test_enrolment_needs_consent(world):
    user = EntrepreneurUserFactory()
    with pytest.raises(EnrolmentError, match="consent"):
        world.enroll(user, consent=None)
    assert not hasattr(user, "entrepreneur_profile") or user.entrepreneur_profile is None


def test_enrolment_checks_region_tree(world):
    elsewhere = RegencyFactory(name="Kabupaten Klaten", parent__name="Jawa Tengah")
    with pytest.raises(ProfileError, match="regency"):
        world.enroll(regency=elsewhere)


def test_someone_else_cannot_enrol_a_person(world):
    stranger = EntrepreneurUserFactory()
    with pytest.raises(NotAllowed):
        world.enroll(EntrepreneurUserFactory(), by=stranger)


def test_manager_enrols_with_consent_captured_by_them(world):
    user = EntrepreneurUserFactory()
    profile = world.enroll(user, by=world.manager, cohort=CohortFactory(region=world.regency))
    assert profile.consent.captured_by == world.manager


def test_closed_cohort_refused(world):
    with pytest.raises(EnrolmentError):
        world.enroll(cohort=CohortFactory(region=world.regency, is_active=False))


def test_update_profile_by_owner_but_not_cohort_nor_tier(world):
    services.update_business_profile(
        world.profile, by=world.entrepreneur, business_name="Keripik Bu Sri Jaya"
    )
    world.profile.refresh_from_db()
    assert world.profile.business_name == "Keripik Bu Sri Jaya"
    with pytest.raises(NotAllowed):
        services.update_business_profile(world.profile, by=world.entrepreneur, cohort=CohortFactory())
    with pytest.raises(ProfileError):
        services.update_business_profile(world.profile, by=world.entrepreneur, tier=Tier.ADVANCED)
    with pytest.raises(NotAllowed):
        services.update_business_profile(world.profile, by=EntrepreneurUserFactory(), business_name="x")


def test_business_start_year_in_future_refused(world):
    with pytest.raises(ProfileError, match="year"):
        services.update_business_profile(
            world.profile, by=world.entrepreneur, business_start_year=timezone.localdate().year + 1
        )


# ---------------------------------------------------------------- companions


def test_assignment_replaces_previous_and_calls_mentoring_hook(world, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "mentoring.services.on_companion_assigned", lambda a, previous=None: calls.append((a, previous))
    )
    new_mentor = MentorProfileFactory().user
    old = CompanionAssignment.objects.get(profile=world.profile, role=CompanionRole.MENTOR, ended_at=None)

    assignment = services.assign_companion(
        world.profile, new_mentor, role=CompanionRole.MENTOR, by=world.manager
    )

    old.refresh_from_db()
    assert old.ended_at is not None
    assert calls == [(assignment, old)]
    assert CompanionAssignment.objects.filter(profile=world.profile, ended_at=None).count() == 2


def test_assigning_same_companion_twice_is_a_no_op(world):
    before = CompanionAssignment.objects.count()
    again = services.assign_companion(
        world.profile, world.mentor, role=CompanionRole.MENTOR, by=world.manager
    )
    assert again.ended_at is None and CompanionAssignment.objects.count() == before


def test_only_managers_assign(world):
    with pytest.raises(NotAllowed):
        services.assign_companion(world.profile, MentorProfileFactory().user, role="mentor", by=world.mentor)


def test_role_must_match_companion_kind(world):
    with pytest.raises(AssignmentError):
        services.assign_companion(world.profile, world.social, role=CompanionRole.MENTOR, by=world.manager)
    with pytest.raises(AssignmentError):
        services.assign_companion(world.profile, world.mentor, role=CompanionRole.SOCIAL, by=world.manager)


def test_companion_without_profile_or_inactive_refused(world):
    with pytest.raises(AssignmentError):
        services.assign_companion(world.profile, MentorUserFactory(), role="mentor", by=world.manager)
    inactive = MentorProfileFactory(is_active=False).user
    with pytest.raises(AssignmentError):
        services.assign_companion(world.profile, inactive, role="mentor", by=world.manager)


def test_capacity_respected(world):
    full = MentorProfileFactory(capacity=1).user
    services.assign_companion(world.enroll(), full, role="mentor", by=world.manager)
    with pytest.raises(AssignmentError, match="capacity"):
        services.assign_companion(world.enroll(), full, role="mentor", by=world.manager)
    assert CompanionAssignment.objects.filter(companion=full).count() == 1


def test_end_assignment_needs_reason_and_happens_once(world):
    a = CompanionAssignment.objects.get(profile=world.profile, role="social", ended_at=None)
    with pytest.raises(AssignmentError):
        services.end_assignment(a, by=world.manager, reason=" ")
    services.end_assignment(a, by=world.manager, reason="Pindah tugas")
    with pytest.raises(AssignmentError):
        services.end_assignment(a, by=world.manager, reason="lagi")


# ---------------------------------------------------------------- milestones


def first(world, order=1):
    return Milestone.objects.get(profile=world.profile, template__order=order, tier=world.profile.tier)


def test_submit_then_verify_records_every_transition(world, django_capture_on_commit_callbacks):
    m = first(world)
    with django_capture_on_commit_callbacks() as callbacks:
        m = submit(m, world.entrepreneur)
    assert (m.status, m.version) == (MilestoneStatus.SUBMITTED, 1)
    assert len(callbacks) == 1  # the mentor hears of it
    m = services.verify_milestone(m, by=world.mentor, comment="Rapi", expected_version=1)
    assert m.status == MilestoneStatus.VERIFIED
    events = list(MilestoneEvent.objects.filter(milestone=m).values_list("from_status", "to_status", "actor"))
    assert events == [
        ("not_started", "submitted", world.entrepreneur.pk),
        ("submitted", "verified", world.mentor.pk),
    ]


def test_changes_requested_then_resubmitted(world):
    m = submit(first(world), world.entrepreneur)
    m = services.request_changes(m, by=world.mentor, comment="Tambahkan foto buku kas", expected_version=1)
    assert m.status == MilestoneStatus.CHANGES_REQUESTED and m.review_comment.startswith("Tambahkan")
    m = submit(m, world.entrepreneur, text="Sudah ditambah")
    assert (m.status, m.version) == (MilestoneStatus.RESUBMITTED, 2)


def test_request_changes_needs_comment(world):
    m = submit(first(world), world.entrepreneur)
    with pytest.raises(MilestoneError):
        services.request_changes(m, by=world.mentor, comment="", expected_version=1)
    m.refresh_from_db()
    assert m.status == MilestoneStatus.SUBMITTED


def test_stale_or_repeated_review_changes_nothing(world):
    m = submit(first(world), world.entrepreneur)
    services.verify_milestone(m, by=world.mentor, expected_version=1)
    with pytest.raises(MilestoneError, match="already reviewed"):
        services.request_changes(m, by=world.mentor, comment="Eh", expected_version=1)
    with pytest.raises(MilestoneError, match="already reviewed"):
        services.verify_milestone(m, by=world.mentor, expected_version=1)
    m.refresh_from_db()
    assert m.status == MilestoneStatus.VERIFIED
    assert MilestoneEvent.objects.filter(milestone=m).count() == 2


def test_review_of_an_older_version_refused(world):
    m = submit(first(world), world.entrepreneur)
    m = services.request_changes(m, by=world.mentor, comment="Ulang", expected_version=1)
    m = submit(m, world.entrepreneur)
    with pytest.raises(MilestoneError, match="already reviewed"):
        services.verify_milestone(m, by=world.mentor, expected_version=1)


def test_only_the_business_mentor_reviews(world):
    m = submit(first(world), world.entrepreneur)
    for person in (world.social, world.entrepreneur, world.manager, MentorProfileFactory().user):
        with pytest.raises(NotAllowed):
            services.verify_milestone(m, by=person, expected_version=1)


def test_double_submission_refused(world):
    m = submit(first(world), world.entrepreneur)
    with pytest.raises(MilestoneError, match="already submitted"):
        submit(m, world.entrepreneur)
    m.refresh_from_db()
    assert m.version == 1


def test_companion_submits_on_behalf(world):
    m = submit(first(world), world.social)
    event = MilestoneEvent.objects.get(milestone=m)
    assert event.actor == world.social and event.on_behalf_of == world.entrepreneur


def test_stranger_cannot_submit(world):
    with pytest.raises(NotAllowed):
        submit(first(world), EntrepreneurUserFactory())


def test_evidence_rules_text_amount_photos(world):
    m2 = first(world, order=2)  # asks for a photo and an amount
    with pytest.raises(EvidenceError):
        services.submit_evidence(m2, by=world.entrepreneur, text="", amount=1, photos=[photos.png()])
    with pytest.raises(EvidenceError, match="negative"):
        services.submit_evidence(m2, by=world.entrepreneur, text="x", amount=-5, photos=[photos.png()])
    with pytest.raises(EvidenceError, match="too large"):
        services.submit_evidence(
            m2, by=world.entrepreneur, text="x", amount=MAX_RUPIAH + 1, photos=[photos.png()]
        )
    with pytest.raises(EvidenceError, match="photo"):
        services.submit_evidence(m2, by=world.entrepreneur, text="x", amount=1)
    with pytest.raises(EvidenceError, match="At most 1"):
        services.submit_evidence(
            m2, by=world.entrepreneur, text="x", amount=1, photos=[photos.png(), photos.png()]
        )
    m2.refresh_from_db()
    assert (m2.status, m2.version) == (MilestoneStatus.NOT_STARTED, 0)


def test_fake_photo_refused_and_nothing_written(world):
    m2 = first(world, order=2)
    with pytest.raises(EvidenceError):
        services.submit_evidence(m2, by=world.entrepreneur, text="x", amount=1, photos=[photos.fake_jpeg()])
    assert not EvidencePhoto.objects.exists()
    m2.refresh_from_db()
    assert m2.version == 0


def test_stored_evidence_photo_has_no_exif(world):
    m2 = first(world, order=2)
    services.submit_evidence(m2, by=world.entrepreneur, text="x", amount=1, photos=[photos.phone_jpeg()])
    photo = EvidencePhoto.objects.get(milestone=m2)
    from PIL import Image

    with photo.image.open("rb") as fh:
        stored = Image.open(fh)
        stored.load()
    assert not stored.getexif()
    assert photo.width == 900 and photo.height == 1200
    assert "/private/" in photo.image.path.replace("\\", "/")


def test_course_completion_verifies_once(world):
    template = first(world).template
    m = services.complete_milestone_by_course(
        user=world.entrepreneur, template=template, course_title="Pembukuan"
    )
    assert m.status == MilestoneStatus.VERIFIED and "Pembukuan" in m.review_comment
    again = services.complete_milestone_by_course(user=world.entrepreneur, template=template)
    assert again.pk == m.pk
    assert MilestoneEvent.objects.filter(milestone=m).count() == 1


def test_course_of_another_tier_or_no_profile_changes_nothing(world):
    other = world.templates[Tier.DEVELOPING][0]
    assert services.complete_milestone_by_course(user=world.entrepreneur, template=other) is None
    assert services.complete_milestone_by_course(user=EntrepreneurUserFactory(), template=other) is None
    assert not MilestoneEvent.objects.exists()


# ---------------------------------------------------------------- reports


def test_report_recorded_and_profit_generated(world):
    r = services.record_monthly_report(
        world.profile,
        by=world.entrepreneur,
        month=datetime.date(2026, 3, 17),
        revenue=5_000_000,
        costs=3_200_000,
    )
    r.refresh_from_db()
    assert r.month == datetime.date(2026, 3, 1) and r.profit == 1_800_000


def test_duplicate_month_refused(world):
    services.record_monthly_report(world.profile, by=world.entrepreneur, month="2026-03", revenue=1, costs=0)
    with pytest.raises(ReportError, match="already exists"):
        services.record_monthly_report(
            world.profile, by=world.entrepreneur, month="2026-03", revenue=2, costs=0
        )
    assert MonthlyReport.objects.count() == 1


@pytest.mark.parametrize(
    ("revenue", "costs", "message"),
    [
        (-1, 0, "negative"),
        (0, -100, "negative"),
        (MAX_RUPIAH + 1, 0, "too large"),
        ("abc", 0, "whole"),
        (1.5, 0, "whole"),
    ],
)
def test_bad_amounts_refused(world, revenue, costs, message):
    with pytest.raises(ReportError, match=message):
        services.record_monthly_report(
            world.profile, by=world.entrepreneur, month="2026-03", revenue=revenue, costs=costs
        )
    assert not MonthlyReport.objects.exists()


def test_future_month_refused(world):
    future = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    with pytest.raises(ReportError, match="not started"):
        services.record_monthly_report(world.profile, by=world.entrepreneur, month=future, revenue=1, costs=1)


def test_report_verification_by_business_mentor_only_once(world):
    r = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-02", revenue=1, costs=0
    )
    with pytest.raises(NotAllowed):
        services.verify_monthly_report(r, by=world.social)
    services.verify_monthly_report(r, by=world.mentor)
    with pytest.raises(ReportError, match="already"):
        services.verify_monthly_report(r, by=world.mentor)


def test_stranger_cannot_report(world):
    with pytest.raises(NotAllowed):
        services.record_monthly_report(
            world.profile, by=EntrepreneurUserFactory(), month="2026-02", revenue=1, costs=0
        )


# ---------------------------------------------------------------- promotion


def test_ineligible_while_required_milestone_open(world):
    e = services.promotion_eligibility(world.profile)
    assert not e.eligible and len(e.missing) == 2
    with pytest.raises(PromotionError, match="Not eligible"):
        services.recommend_promotion(world.profile, by=world.mentor)
    assert not PromotionRequest.objects.exists()


def test_recommended_milestone_not_needed(world):
    complete_tier(world)
    e = services.promotion_eligibility(world.profile)
    assert e.eligible and e.missing == []


def test_promotion_moves_tier_writes_history_and_creates_next_milestones(world):
    complete_tier(world)
    change = promote(world)
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.DEVELOPING
    assert (change.from_tier, change.to_tier, change.changed_by) == (
        Tier.BEGINNER,
        Tier.DEVELOPING,
        world.manager,
    )
    assert Milestone.objects.filter(profile=world.profile, tier=Tier.DEVELOPING).count() == 3
    assert change.promotion.status == PromotionRequest.Status.APPROVED


def test_only_business_mentor_recommends_and_only_managers_decide(world):
    complete_tier(world)
    with pytest.raises(NotAllowed):
        services.recommend_promotion(world.profile, by=world.social)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    with pytest.raises(NotAllowed):
        services.approve_promotion(request, by=world.mentor)


def test_one_pending_request_per_profile(world):
    complete_tier(world)
    services.recommend_promotion(world.profile, by=world.mentor)
    with pytest.raises(PromotionError, match="already waiting"):
        services.recommend_promotion(world.profile, by=world.mentor)


def test_double_approval_fails_already_decided(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    stale_copy = PromotionRequest.objects.get(pk=request.pk)
    services.approve_promotion(request, by=world.manager)
    with pytest.raises(PromotionError, match="already decided"):
        services.approve_promotion(stale_copy, by=world.manager)
    with pytest.raises(PromotionError, match="already decided"):
        services.decline_promotion(stale_copy, by=world.manager, reason="x")
    assert TierChange.objects.filter(profile=world.profile).count() == 2  # enrolment + one promotion
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.DEVELOPING


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_approval_promotes_once(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the sequential test above covers this rule there")
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    results, barrier = [], threading.Barrier(2)

    def approve():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            with translation.override("en"):  # each thread has its own active language
                services.approve_promotion(PromotionRequest.objects.get(pk=request.pk), by=world.manager)
            results.append("ok")
        except PromotionError as exc:
            results.append(str(exc))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["This promotion was already decided.", "ok"]
    assert TierChange.objects.filter(promotion=request).count() == 1


def test_approval_rechecks_eligibility(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    MilestoneTemplateFactory(tier=Tier.BEGINNER, order=7)  # a new required step added meanwhile
    with pytest.raises(PromotionError, match="Not eligible"):
        services.approve_promotion(request, by=world.manager)
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.PENDING


def test_decline_needs_reason(world):
    complete_tier(world)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    with pytest.raises(PromotionError, match="reason"):
        services.decline_promotion(request, by=world.manager, reason="")
    request = services.decline_promotion(request, by=world.manager, reason="Laporan belum lengkap")
    assert request.status == PromotionRequest.Status.DECLINED
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.BEGINNER


def _to_advanced(world):
    complete_tier(world)
    promote(world)
    complete_tier(world)
    promote(world)
    complete_tier(world)
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.ADVANCED


def test_graduation_needs_three_verified_reports_at_or_above_umk(world):
    _to_advanced(world)
    e = services.promotion_eligibility(world.profile)
    assert not e.eligible and any("3 verified" in r for r in e.reasons)

    verified_reports(world, [3_000_000, 4_000_000, 4_500_000])  # average 3.83 M < 4 M
    e = services.promotion_eligibility(world.profile)
    assert not e.eligible and e.average_profit == 3_833_333 and e.threshold == 4_000_000

    verified_reports(world, [5_000_000], start=datetime.date(2026, 4, 1))  # last 3: 4, 4.5, 5 → 4.5 M
    e = services.promotion_eligibility(world.profile)
    assert e.eligible, e.reasons
    change = promote(world)
    assert change.to_tier == Tier.GRADUATED
    assert not Milestone.objects.filter(profile=world.profile, tier=Tier.GRADUATED).exists()


def test_unverified_reports_do_not_count(world):
    _to_advanced(world)
    for month in ("2026-01", "2026-02", "2026-03"):
        services.record_monthly_report(
            world.profile, by=world.entrepreneur, month=month, revenue=9_000_000, costs=0
        )
    assert not services.promotion_eligibility(world.profile).eligible


def test_graduation_refused_without_threshold(world):
    _to_advanced(world)
    world.regency.income_thresholds.all().delete()
    verified_reports(world, [9_000_000] * 3)
    e = services.promotion_eligibility(world.profile)
    assert not e.eligible and any("threshold" in r for r in e.reasons)


# ---------------------------------------------------------------- assistance


def test_assistance_lifecycle_with_events(world):
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase kaca", amount=2_400_000
    )
    assert a.tier == Tier.BEGINNER
    a = services.approve_assistance(a, by=ManagerUserFactory())  # four eyes: a second manager approves
    with pytest.raises(AssistanceError, match="proof"):
        services.deliver_assistance(a, by=world.manager, delivered_on=timezone.localdate(), proof=None)
    a = services.deliver_assistance(
        a, by=world.manager, delivered_on=timezone.localdate(), proof=photos.phone_jpeg()
    )
    assert a.status == Assistance.Status.DELIVERED and a.proof_of_receipt
    statuses = list(AssistanceEvent.objects.filter(assistance=a).values_list("to_status", flat=True))
    assert statuses == ["planned", "approved", "delivered"]
    with pytest.raises(AssistanceError):
        services.cancel_assistance(a, by=world.manager, reason="x")


def test_assistance_rules(world):
    with pytest.raises(NotAllowed):
        services.plan_assistance(world.profile, by=world.mentor, kind="cash", plan_item="Modal", amount=1)
    for amount in (0, -1, MAX_RUPIAH + 1):
        with pytest.raises(AssistanceError):
            services.plan_assistance(
                world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=amount
            )
    a = services.plan_assistance(
        world.profile, by=world.manager, kind="cash", plan_item="Modal", amount=3_500_000
    )
    with pytest.raises(AssistanceError):  # not approved yet
        services.deliver_assistance(
            a, by=world.manager, delivered_on=timezone.localdate(), proof=photos.png()
        )
    services.approve_assistance(a, by=ManagerUserFactory())  # four eyes: a second manager approves
    with pytest.raises(AssistanceError, match="future"):
        services.deliver_assistance(
            a,
            by=world.manager,
            delivered_on=timezone.localdate() + datetime.timedelta(days=2),
            proof=photos.png(),
        )
    with pytest.raises(AssistanceError, match="reason"):
        services.cancel_assistance(a, by=world.manager, reason="")
    a = services.cancel_assistance(a, by=world.manager, reason="Dobel input")
    assert a.status == Assistance.Status.CANCELLED
    assert AssistanceEvent.objects.filter(assistance=a).last().note == "Dobel input"


# A weekday with a moving clock: a second clock reading in the approval would land later.
@pytest.mark.date_sensitive
@time_machine.travel(
    datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
)
def test_an_approval_stamps_the_decision_the_tier_and_its_history_with_one_time(world):
    complete_tier(world)
    change = promote(world)
    world.profile.refresh_from_db()
    change.promotion.refresh_from_db()
    assert change.changed_at == change.promotion.decided_at == world.profile.tier_since
