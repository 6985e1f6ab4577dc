"""Bulk assignment: filters "no business mentor / no social companion yet" and the bulk action that
gives the selected families one companion, capacity checked for all at once, all or nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from incubator.errors import AssignmentError, NotAllowed
from incubator.models import CompanionAssignment, CompanionRole, EntrepreneurProfile, MentorProfile
from incubator.services import assign_companion_to_many
from tests.factories.workspace import (
    build_areas,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import MentorProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

URL = "/cms/bulk/incubator/entrepreneurprofile/assign_companion/"


@pytest.fixture
def areas():
    areas = build_areas()
    # Three more families in Alfa's regency, without any companion.
    for i in range(3):
        program_profile = areas.alfa.profile
        EntrepreneurProfile.objects.create(
            user=type(program_profile.user).objects.create(username=f"alfa{i}", full_name=f"Keluarga {i}"),
            cohort=areas.alfa.cohort,
            province=areas.alfa.province,
            regency=areas.alfa.regency,
            business_name=f"Usaha Alfa {i}",
            sector="food",
            tier_since=program_profile.tier_since,
            enrolled_on=program_profile.enrolled_on,
        )
    return areas


def _new_mentor(areas, capacity: int):
    mentor = MentorProfileFactory(capacity=capacity, user__full_name="Mentor Baru")
    mentor.regions.set([areas.alfa.regency])
    return mentor.user


def _unaccompanied(areas):
    return list(EntrepreneurProfile.objects.filter(business_name__startswith="Usaha Alfa").order_by("pk"))


def test_bulk_assignment_gives_every_selected_family_the_companion(areas):
    mentor = _new_mentor(areas, capacity=3)
    families = _unaccompanied(areas)
    done = assign_companion_to_many(families, mentor, role=CompanionRole.MENTOR, by=areas.regency_manager)
    assert len(done) == 3
    assert CompanionAssignment.objects.current().filter(companion=mentor).count() == 3


def test_bulk_assignment_beyond_capacity_names_the_places_left_and_writes_nothing(areas):
    mentor = _new_mentor(areas, capacity=2)
    families = _unaccompanied(areas)
    with pytest.raises(AssignmentError, match=r"has 2 places left .* but 3 of the selected"):
        assign_companion_to_many(families, mentor, role=CompanionRole.MENTOR, by=areas.regency_manager)
    assert not CompanionAssignment.objects.filter(companion=mentor).exists()


def test_families_who_already_have_the_companion_need_no_new_place(areas):
    mentor = _new_mentor(areas, capacity=3)
    families = _unaccompanied(areas)
    assign_companion_to_many(families[:2], mentor, role=CompanionRole.MENTOR, by=areas.regency_manager)
    # One place left, and only one family of the three is new to this mentor.
    assign_companion_to_many(families, mentor, role=CompanionRole.MENTOR, by=areas.regency_manager)
    assert CompanionAssignment.objects.current().filter(companion=mentor).count() == 3


def test_bulk_assignment_outside_the_area_is_refused_whole(areas):
    mentor = _new_mentor(areas, capacity=10)
    families = [*_unaccompanied(areas), areas.gamma.profile]
    with pytest.raises(NotAllowed):
        assign_companion_to_many(families, mentor, role=CompanionRole.MENTOR, by=areas.regency_manager)
    assert not CompanionAssignment.objects.filter(companion=mentor).exists()


def test_listing_filters_families_without_a_mentor_or_a_social_companion(client, areas):
    client.force_login(areas.regency_manager)
    url = reverse("workspace_entrepreneurs:index")
    html = client.get(url, {"no_mentor": "on"}).content.decode()
    assert "Usaha Alfa 0" in html and "Warung Alfa" not in html
    html = client.get(url).content.decode()
    assert "Warung Alfa" in html and "bulk-action-checkbox" in html
    assert "assign_companion/" in html  # the bulk action in the listing's footer
    html = client.get(url, {"no_social": "on"}).content.decode()
    assert "Warung Alfa" in html and "Usaha Alfa 2" in html


def test_bulk_action_confirms_then_assigns(client, areas):
    mentor = _new_mentor(areas, capacity=3)
    families = _unaccompanied(areas)
    client.force_login(areas.regency_manager)
    query = "&".join(f"id={p.pk}" for p in families)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Usaha Alfa 1" in html and "Mentor Baru" in html and "3 places left" in html
    assert "Pendamping Gamma" not in html  # companions of other areas are not offered
    response = client.post(
        f"{URL}?{query}&next=/cms/workspace/entrepreneurs/",
        {"role": CompanionRole.MENTOR, "companion": mentor.pk},
    )
    assert response.status_code == 302
    assert CompanionAssignment.objects.current().filter(companion=mentor).count() == 3


def test_bulk_action_over_capacity_shows_the_message_and_changes_nothing(client, areas):
    mentor = _new_mentor(areas, capacity=1)
    families = _unaccompanied(areas)
    client.force_login(areas.regency_manager)
    query = "&".join(f"id={p.pk}" for p in families)
    response = client.post(f"{URL}?{query}", {"role": CompanionRole.MENTOR, "companion": mentor.pk})
    assert response.status_code == 200
    assert "has 1 places left" in response.content.decode()
    assert not CompanionAssignment.objects.filter(companion=mentor).exists()


def test_bulk_action_with_a_family_outside_the_area_is_not_found(client, areas):
    mentor = _new_mentor(areas, capacity=10)
    client.force_login(areas.regency_manager)
    query = f"id={_unaccompanied(areas)[0].pk}&id={areas.gamma.profile.pk}"
    assert client.get(f"{URL}?{query}").status_code == 404
    response = client.post(f"{URL}?{query}", {"role": CompanionRole.MENTOR, "companion": mentor.pk})
    assert response.status_code == 404
    assert not CompanionAssignment.objects.filter(companion=mentor).exists()
    assert MentorProfile.objects.filter(user=mentor).exists()
