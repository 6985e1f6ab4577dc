"""Assisted use, at the service level: a companion registers and acts for the entrepreneurs they
accompany (only those, only while assigned), every such write is recorded, and the entrepreneur
can correct it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import ConsentRecord, User
from incubator import selectors, services
from incubator.errors import EnrolmentError, IncubatorError, MilestoneError, NotAllowed
from incubator.models import (
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    MentorProfile,
    Milestone,
    MilestoneStatus,
    MonthlyReport,
    MonthlyReportEvent,
    ProfileChange,
)
from tests.factories import EntrepreneurUserFactory
from tests.incubator.factories import (
    CohortFactory,
    DistrictFactory,
    MentorProfileFactory,
    RegencyFactory,
    SocialCompanionProfileFactory,
)


@pytest.fixture
def field(world):
    """The world's social companion works in the world's regency."""
    MentorProfile.objects.get(user=world.social).regions.add(world.regency)
    return world


def registration(world, **kw):
    data = {
        "by": world.social,
        "full_name": "Siti Aminah",
        "phone": "0812-3456-7890",
        "email": "",
        "consent": True,
        "business_name": "Warung Bu Siti",
        "sector": "food",
        "province": world.province,
        "regency": world.regency,
        "district": world.district,
        "village": "Dago",
        "cohort": None,
    }
    data.update(kw)
    return data


def counts():
    return (
        User.objects.count(),
        ConsentRecord.objects.count(),
        EntrepreneurProfile.objects.count(),
        CompanionAssignment.objects.count(),
        Milestone.objects.count(),
        ProfileChange.objects.count(),
    )


# ---------------------------------------------------------------- registration


def test_companion_registers_a_person_and_becomes_their_companion(field):
    cohort = CohortFactory(region=field.regency)
    profile = services.register_assisted_entrepreneur(**registration(field, cohort=cohort))

    user = profile.user
    assert user.full_name == "Siti Aminah" and user.phone == "+6281234567890" and not user.email
    assert not user.has_usable_password()
    consent = ConsentRecord.objects.get(user=user)
    assert consent.captured_by == field.social and consent.given_at is not None
    assert profile.consent == consent
    assert profile.registered_by == field.social and profile.cohort == cohort
    assert profile.milestones.count() == len(field.templates["beginner"])
    assignment = CompanionAssignment.objects.get(profile=profile)
    assert assignment.companion == field.social and assignment.role == CompanionRole.SOCIAL
    assert assignment.ended_at is None and assignment.assigned_by == field.social
    change = ProfileChange.objects.get(profile=profile)
    assert change.kind == ProfileChange.Kind.REGISTERED
    assert change.actor == field.social and change.on_behalf_of == user
    # The new pair can talk: the assignment opened their conversation, as a manager's would.
    assert selectors.get_mentee_for(companion=field.social, pk=profile.pk) == profile


def test_business_mentor_registering_becomes_the_business_mentor(field):
    mentor = MentorProfileFactory()
    mentor.regions.add(field.district)  # a district is enough
    profile = services.register_assisted_entrepreneur(**registration(field, by=mentor.user))
    assert CompanionAssignment.objects.get(profile=profile).role == CompanionRole.MENTOR


def _other_regency_place(world):
    other = DistrictFactory(name="Cicendo", parent=RegencyFactory(name="Kota Cimahi", parent=world.province))
    return {"regency": other.parent, "district": other}


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("no_consent", EnrolmentError),
        ("outside_area", NotAllowed),
        ("cohort_elsewhere", EnrolmentError),
        ("closed_cohort", EnrolmentError),
        ("full", IncubatorError),
        ("phone_taken", EnrolmentError),
        ("bad_phone", EnrolmentError),
        ("no_phone", EnrolmentError),
        ("no_name", EnrolmentError),
        ("bad_email", EnrolmentError),
        ("no_business", IncubatorError),
        ("bad_sector", IncubatorError),
        ("district_elsewhere", IncubatorError),
        ("no_area", NotAllowed),
        ("inactive", NotAllowed),
        ("entrepreneur", NotAllowed),
        ("manager", NotAllowed),
    ],
)
def test_each_bad_registration_is_refused_and_leaves_nothing_behind(field, case, error):
    data = registration(field)
    companion = MentorProfile.objects.get(user=field.social)
    if case == "no_consent":
        data["consent"] = False
    elif case == "outside_area":
        data.update(_other_regency_place(field))
    elif case == "cohort_elsewhere":
        data["cohort"] = CohortFactory(region=_other_regency_place(field)["regency"])
    elif case == "closed_cohort":
        data["cohort"] = CohortFactory(region=field.regency, is_active=False)
    elif case == "full":
        companion.capacity = 1  # already accompanies the world's entrepreneur
        companion.save()
    elif case == "phone_taken":
        data["phone"] = field.entrepreneur.phone
    elif case == "bad_phone":
        data["phone"] = "12345"
    elif case == "no_phone":
        data["phone"] = ""
    elif case == "no_name":
        data["full_name"] = "  "
    elif case == "bad_email":
        data["email"] = "not-an-email"
    elif case == "no_business":
        data["business_name"] = " "
    elif case == "bad_sector":
        data["sector"] = "weapons"
    elif case == "district_elsewhere":
        data["district"] = _other_regency_place(field)["district"]
    elif case == "no_area":
        companion.regions.clear()
    elif case == "inactive":
        companion.is_active = False
        companion.save()
    elif case == "entrepreneur":
        data["by"] = field.entrepreneur
    elif case == "manager":
        data["by"] = field.manager
    before = counts()
    with pytest.raises(error) as info:
        services.register_assisted_entrepreneur(**data)
    assert str(info.value)  # a message fit to show
    assert counts() == before
    assert not User.objects.filter(full_name="Siti Aminah").exists()


def test_enroll_entrepreneur_is_no_longer_open_to_any_companion(world):
    """A companion registers through register_assisted_entrepreneur (area, assignment, audit)."""
    with pytest.raises(NotAllowed):
        world.enroll(EntrepreneurUserFactory(), by=world.social)


# ---------------------------------------------------------------- acting on behalf: who may


def _end(world, companion):
    assignment = CompanionAssignment.objects.get(profile=world.profile, companion=companion, ended_at=None)
    services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")


def _on_behalf_writes(world, by):
    """Every on-behalf write, each a callable (so each is tried on its own)."""
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    report = MonthlyReport.objects.create(profile=world.profile, month="2026-01-01", revenue=5, costs=1)
    return {
        "profile": lambda: services.update_business_profile(world.profile, by=by, village="Lebak Siliwangi"),
        "report": lambda: services.record_monthly_report(
            world.profile, by=by, month="2026-02", revenue=1_000_000, costs=200_000
        ),
        "correct": lambda: services.correct_monthly_report(report, by=by, revenue=9, costs=1),
        "evidence": lambda: services.submit_evidence(
            milestone, by=by, text="Sudah dicatat", expected_version=0
        ),
        "withdraw": lambda: services.withdraw_evidence(milestone, by=by, expected_version=0),
    }


@pytest.mark.parametrize("write", ["profile", "report", "correct", "evidence", "withdraw"])
def test_a_companion_not_assigned_cannot_act_for_the_entrepreneur(world, write):
    stranger = SocialCompanionProfileFactory().user
    with pytest.raises(NotAllowed):
        _on_behalf_writes(world, stranger)[write]()


@pytest.mark.parametrize("write", ["profile", "report", "correct", "evidence", "withdraw"])
def test_an_ended_assignment_no_longer_allows_acting_on_behalf(world, write):
    _end(world, world.social)
    with pytest.raises(NotAllowed):
        _on_behalf_writes(world, world.social)[write]()


# ---------------------------------------------------------------- audit


def test_profile_edit_on_behalf_records_the_changed_fields_for_whom(world):
    services.update_business_profile(
        world.profile, by=world.social, village="Dago", business_name=world.profile.business_name
    )
    change = ProfileChange.objects.get(profile=world.profile)
    assert change.fields == ["village"]
    assert change.actor == world.social and change.on_behalf_of == world.entrepreneur
    assert change.kind == ProfileChange.Kind.EDITED and change.created_at is not None


def test_entrepreneur_correcting_their_profile_is_their_own_change(world):
    services.update_business_profile(world.profile, by=world.social, village="Dago")
    services.update_business_profile(world.profile, by=world.entrepreneur, village="Coblong")
    mine = ProfileChange.objects.filter(profile=world.profile).first()  # newest first
    assert mine.actor == world.entrepreneur and mine.on_behalf_of is None and mine.fields == ["village"]


def test_saving_an_unchanged_profile_records_nothing(world):
    services.update_business_profile(world.profile, by=world.social, village=world.profile.village)
    assert not ProfileChange.objects.exists()


def test_report_entered_on_behalf_is_marked_and_in_its_history(world):
    report = services.record_monthly_report(
        world.profile, by=world.social, month="2026-02", revenue=1_000_000, costs=100_000
    )
    assert report.entered_by == world.social
    event = report.events.get()
    assert event.action == MonthlyReportEvent.Action.ENTERED
    assert event.actor == world.social and event.on_behalf_of == world.entrepreneur


def test_own_report_has_no_on_behalf_mark(world):
    report = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-02", revenue=1, costs=0
    )
    assert report.events.get().on_behalf_of is None


def test_a_verification_is_the_mentors_own_act_never_on_behalf_of_the_entrepreneur(world, client):
    # E13: the history read "Terverifikasi oleh Agus atas nama Siti"; the mentor verified, he did not act for her.
    report = services.record_monthly_report(
        world.profile, by=world.entrepreneur, month="2026-02", revenue=1_000_000, costs=100_000
    )
    services.verify_monthly_report(report, by=world.mentor)
    verified = report.events.get(action=MonthlyReportEvent.Action.VERIFIED)
    assert verified.actor == world.mentor and verified.on_behalf_of is None

    client.force_login(world.entrepreneur)
    html = client.get(f"/portal/reports/{report.pk}/correct/").content.decode()
    assert "Terverifikasi" in html and "atas nama" not in html


def test_evidence_submitted_on_behalf_names_the_entrepreneur(world):
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="Sudah", expected_version=0)
    event = milestone.events.get()
    assert event.actor == world.social and event.on_behalf_of == world.entrepreneur


# ---------------------------------------------------------------- the entrepreneur corrects


def test_correcting_a_verified_report_removes_the_verification_with_a_note(world):
    report = services.record_monthly_report(
        world.profile, by=world.social, month="2026-02", revenue=1_000_000, costs=100_000
    )
    services.verify_monthly_report(report, by=world.mentor)
    report = services.correct_monthly_report(
        report, by=world.entrepreneur, revenue=1_200_000, costs=100_000, workers=1
    )
    report.refresh_from_db()
    assert report.revenue == 1_200_000 and report.profit == 1_100_000 and report.workers == 1
    assert report.verified_at is None and report.verified_by is None
    assert report.corrected_by == world.entrepreneur and report.corrected_at is not None
    assert report.entered_by == world.social  # who entered it first stays visible
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["entered", "verified", "corrected", "unverified"]
    corrected, unverified = report.events.filter(action__in=["corrected", "unverified"])
    assert corrected.fields == ["revenue", "workers"] and corrected.on_behalf_of is None
    assert unverified.note


def test_correcting_with_the_same_figures_changes_nothing(world):
    report = services.record_monthly_report(
        world.profile, by=world.social, month="2026-02", revenue=10, costs=1
    )
    services.verify_monthly_report(report, by=world.mentor)
    services.correct_monthly_report(report, by=world.entrepreneur, revenue=10, costs=1)
    report.refresh_from_db()
    assert report.verified_at is not None and report.corrected_at is None
    assert report.events.count() == 2


def test_bad_correction_is_refused_and_nothing_changes(world):
    report = services.record_monthly_report(
        world.profile, by=world.social, month="2026-02", revenue=10, costs=1
    )
    with pytest.raises(IncubatorError):
        services.correct_monthly_report(report, by=world.entrepreneur, revenue=-5, costs=1)
    report.refresh_from_db()
    assert report.revenue == 10 and report.events.count() == 1


def test_entrepreneur_withdraws_evidence_a_companion_sent_and_sends_it_again(world):
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="Dicatat pendamping", expected_version=0)
    milestone = services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=1)
    assert milestone.status == MilestoneStatus.NOT_STARTED
    assert milestone.evidence_text == "Dicatat pendamping"  # kept as a draft to correct
    withdrawn = milestone.events.last()
    assert withdrawn.actor == world.entrepreneur and withdrawn.on_behalf_of is None
    assert withdrawn.from_status == MilestoneStatus.SUBMITTED
    milestone = services.submit_evidence(
        milestone, by=world.entrepreneur, text="Saya perbaiki", expected_version=1
    )
    assert milestone.status == MilestoneStatus.SUBMITTED and milestone.submitted_by == world.entrepreneur
    assert milestone.version == 2


def test_withdrawing_a_resubmission_returns_to_changes_requested(world):
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="a", expected_version=0)
    services.request_changes(milestone, by=world.mentor, comment="Lengkapi", expected_version=1)
    services.submit_evidence(milestone, by=world.social, text="b", expected_version=1)
    milestone = services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=2)
    assert milestone.status == MilestoneStatus.CHANGES_REQUESTED


def test_withdraw_refused_once_reviewed_or_for_a_stale_version(world):
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="a", expected_version=0)
    with pytest.raises(MilestoneError):
        services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=0)
    services.verify_milestone(milestone, by=world.mentor, expected_version=1)
    with pytest.raises(MilestoneError):
        services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=1)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.VERIFIED


def test_review_of_a_withdrawn_submission_is_refused(world):
    milestone = Milestone.objects.filter(profile=world.profile, template__asks_photos=0).first()
    services.submit_evidence(milestone, by=world.social, text="a", expected_version=0)
    services.withdraw_evidence(milestone, by=world.entrepreneur, expected_version=1)
    with pytest.raises(MilestoneError):
        services.verify_milestone(milestone, by=world.mentor, expected_version=1)


# ---------------------------------------------------------------- "Entered for you"


def test_entered_for_lists_what_others_entered_newest_first_and_not_own_entries(field):
    profile = services.register_assisted_entrepreneur(**registration(field))
    owner = profile.user
    services.update_business_profile(profile, by=field.social, village="Sukajadi")
    services.record_monthly_report(profile, by=field.social, month="2026-02", revenue=10, costs=1)
    services.record_monthly_report(profile, by=owner, month="2026-03", revenue=10, costs=1)  # own
    milestone = profile.milestones.filter(template__asks_photos=0).first()
    services.submit_evidence(milestone, by=field.social, text="a", expected_version=0)

    entries = selectors.entered_for(profile)
    assert len(entries) == 4
    assert all(e.actor == field.social and e.owner == owner for e in entries)
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert entries[-1].url.endswith("/portal/profile/")  # the registration came first
    assert entries[0].url.endswith(f"/portal/milestones/{milestone.pk}/")


def test_entered_for_costs_one_query_whatever_the_number_of_entries(field, django_assert_num_queries):
    profile = services.register_assisted_entrepreneur(**registration(field))
    profile = EntrepreneurProfile.objects.select_related("user").get(pk=profile.pk)
    with django_assert_num_queries(1):
        assert len(selectors.entered_for(profile)) == 1
    for month in range(1, 10):
        services.record_monthly_report(
            profile, by=field.social, month=f"2025-{month:02d}", revenue=1, costs=0
        )
    with django_assert_num_queries(1):
        assert len(selectors.entered_for(profile, limit=5)) == 5


def test_registration_time_is_recorded(field):
    before = timezone.now()
    profile = services.register_assisted_entrepreneur(**registration(field))
    consent = ConsentRecord.objects.get(user=profile.user)
    assert before <= consent.given_at <= timezone.now()


def test_backfill_gives_older_reports_their_entered_row_dated_when_entered(world):
    import importlib

    from django.apps import apps

    backfill = importlib.import_module("incubator.migrations.0004_report_history_backfill").backfill
    by_companion = MonthlyReport.objects.create(
        profile=world.profile, month="2026-01-01", revenue=5, costs=1, entered_by=world.social
    )
    own = MonthlyReport.objects.create(
        profile=world.profile, month="2026-02-01", revenue=5, costs=1, entered_by=world.entrepreneur
    )
    MonthlyReport.objects.filter(pk=by_companion.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    backfill(apps, None)
    backfill(apps, None)  # idempotent: reports with a history are left alone
    event = by_companion.events.get()
    by_companion.refresh_from_db()
    assert event.action == "entered" and event.actor == world.social
    assert event.on_behalf_of == world.entrepreneur and event.created_at == by_companion.created_at
    assert own.events.get().on_behalf_of is None


# ---------------------------------------------------------------- a companion keeps the family in their area


def test_companion_cannot_move_the_family_outside_their_regions(field):
    elsewhere = _other_regency_place(field)
    before = (field.profile.regency_id, field.profile.district_id, ProfileChange.objects.count())
    with pytest.raises(NotAllowed) as info:
        services.update_business_profile(field.profile, by=field.social, **elsewhere)
    assert "wilayah kerja" in str(info.value)  # the message in Bahasa Indonesia
    field.profile.refresh_from_db()
    assert (field.profile.regency_id, field.profile.district_id, ProfileChange.objects.count()) == before


def test_companion_may_move_the_family_within_their_regions(field):
    other_district = DistrictFactory(name="Sukajadi", parent=field.regency)
    services.update_business_profile(field.profile, by=field.social, district=other_district)
    field.profile.refresh_from_db()
    assert field.profile.district == other_district
    change = ProfileChange.objects.filter(profile=field.profile).latest("created_at")
    assert change.fields == ["district"] and change.on_behalf_of == field.entrepreneur


def test_companion_without_regions_edits_the_business_but_cannot_move_the_family(world):
    """Assigned by a manager from elsewhere: the business is theirs to help with, the place is not."""
    services.update_business_profile(world.profile, by=world.social, business_name="Warung Baru")
    world.profile.refresh_from_db()
    assert world.profile.business_name == "Warung Baru"
    with pytest.raises(NotAllowed):
        services.update_business_profile(world.profile, by=world.social, district=None)


def test_the_entrepreneur_and_the_manager_may_move_the_family(field):
    elsewhere = _other_regency_place(field)
    services.update_business_profile(field.profile, by=field.entrepreneur, **elsewhere)
    field.profile.refresh_from_db()
    assert field.profile.regency == elsewhere["regency"]
    services.update_business_profile(
        field.profile, by=field.manager, regency=field.regency, district=field.district
    )
    field.profile.refresh_from_db()
    assert field.profile.regency == field.regency
