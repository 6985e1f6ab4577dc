"""The entrepreneur's dashboard caches its parts under the profile's ``dashboard_version`` (issue 17):
every service that changes what it shows bumps the version, so the next view shows the change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from incubator import selectors, services
from incubator.models import CompanionAssignment, CompanionRole, EntrepreneurProfile, Tier
from tests.incubator.test_services import complete_tier, first, submit

# The pinned page of tests/incubator/test_scale.py before its parts were cached (13), less the
# promotion to celebrate, now an EXISTS on the profile query.
PORTAL_COLD = 12
PORTAL_WARM = 6  # the six queries of the parts saved


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def version(world) -> int:
    return EntrepreneurProfile.objects.values_list("dashboard_version", flat=True).get(pk=world.profile.pk)


def test_a_warm_dashboard_skips_its_parts_and_a_change_rebuilds_them(
    world, client_for, django_assert_num_queries
):
    client = client_for(world.entrepreneur)
    url = reverse("incubator:portal_home")
    client.get(url)  # content types, session, translations: out of the measurement
    services.bump_dashboard([world.profile])
    with django_assert_num_queries(PORTAL_COLD):
        client.get(url)
    with django_assert_num_queries(PORTAL_WARM):
        client.get(url)
    # Many entries made for them: the cold page costs the same.
    for i in range(12):
        services.update_business_profile(world.profile, by=world.social, village=f"Desa {i}")
    with django_assert_num_queries(PORTAL_COLD):
        client.get(url)
    assert len(selectors.dashboard_for(world.entrepreneur).entered_for_you) == 5


def test_submitting_evidence_moves_the_next_step_at_once(world):
    before = selectors.dashboard_for(world.entrepreneur).next_milestone
    submit(before, world.entrepreneur)
    after = selectors.dashboard_for(world.entrepreneur)
    assert after.next_milestone != before and after.waiting == 1


def test_an_entry_made_for_them_shows_at_once(world):
    assert selectors.dashboard_for(world.entrepreneur).entered_for_you == []
    services.update_business_profile(world.profile, by=world.social, village="Sukamaju")
    assert len(selectors.dashboard_for(world.entrepreneur).entered_for_you) == 1


def test_a_companion_ended_or_assigned_shows_at_once(world):
    assert selectors.dashboard_for(world.entrepreneur).social.companion == world.social
    assignment = CompanionAssignment.objects.get(
        profile=world.profile, role=CompanionRole.SOCIAL, ended_at=None
    )
    services.end_assignment(assignment, by=world.manager, reason="Pindah tugas")
    assert selectors.dashboard_for(world.entrepreneur).social is None
    services.assign_companion(world.profile, world.social, role=CompanionRole.SOCIAL, by=world.manager)
    assert selectors.dashboard_for(world.entrepreneur).social.companion == world.social


def test_assistance_planned_shows_at_once(world):
    assert selectors.dashboard_for(world.entrepreneur).assistance == []
    services.plan_assistance(
        world.profile, by=world.manager, kind="goods", plan_item="Etalase", amount=2_000_000
    )
    assert len(selectors.dashboard_for(world.entrepreneur).assistance) == 1


def test_a_recommendation_and_its_decision_show_at_once(world):
    complete_tier(world)
    assert selectors.dashboard_for(world.entrepreneur).promotion is None
    request = services.recommend_promotion(world.profile, by=world.mentor)
    assert selectors.dashboard_for(world.entrepreneur).promotion == request
    services.decline_promotion(request, by=world.manager, reason="Belum")
    assert selectors.dashboard_for(world.entrepreneur).promotion.status == "declined"


def test_a_promotion_shows_the_new_tiers_path(world):
    complete_tier(world)
    selectors.dashboard_for(world.entrepreneur)
    request = services.recommend_promotion(world.profile, by=world.mentor)
    services.approve_promotion(request, by=world.manager)
    dashboard = selectors.dashboard_for(world.entrepreneur)
    assert dashboard.profile.tier == Tier.DEVELOPING
    assert dashboard.next_milestone.tier == Tier.DEVELOPING and dashboard.required_verified == 0


def test_a_companion_profile_edited_bumps_their_families(world):
    before = version(world)
    mentor_profile = world.mentor.mentor_profile
    services.update_companion(
        mentor_profile, regions=mentor_profile.regions.all(), by=world.manager, capacity=6
    )
    assert version(world) == before + 1


def test_the_review_moves_the_feedback_at_once(world):
    m = submit(first(world), world.entrepreneur)
    assert selectors.dashboard_for(world.entrepreneur).latest_feedback is None
    services.request_changes(m, by=world.mentor, comment="Tambahkan foto", expected_version=m.version)
    assert selectors.dashboard_for(world.entrepreneur).latest_feedback.comment == "Tambahkan foto"


def test_load_program_recounts_the_families_of_the_tiers_it_changed(world):
    from incubator.program_data import load_program

    assert selectors.dashboard_for(world.entrepreneur).required_total == 2
    load_program()  # the real path adds its steps to every tier
    assert selectors.progress_drift(EntrepreneurProfile.objects.all()) == []
    assert selectors.dashboard_for(world.entrepreneur).required_total > 2
