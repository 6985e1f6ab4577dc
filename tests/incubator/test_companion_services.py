"""Companions are added and changed through services (issue 12): the account, the profile and the
regional manager's region rule live in ``incubator.services.companions``, not in the admin form."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts import roles
from incubator import services
from incubator.errors import AssignmentError
from incubator.models import Assistance, CompanionAssignment, CompanionRole
from tests.factories.workspace import build_areas
from workspace.forms import AssignCompanionForm, PlanAssistanceForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return build_areas()


def test_add_companion_creates_the_staff_account_and_the_profile(areas):
    profile = services.add_companion(
        email="psm.rina@example.test",
        full_name="Rina Wati",
        regions=[areas.alfa.regency],
        by=areas.national,
        kind="psm",
        organisation="",
        sectors=["food"],
        expertise="",
        capacity=7,
        is_active=True,
    )
    assert roles.is_mentor(profile.user)
    assert profile.user.email == "psm.rina@example.test"
    assert (profile.kind, profile.capacity, profile.sectors) == ("psm", 7, ["food"])
    assert list(profile.regions.all()) == [areas.alfa.regency]


def test_a_regional_manager_must_name_a_region_and_nothing_is_created(areas):
    from accounts.models import User

    with translation.override("en"), pytest.raises(AssignmentError, match="at least one region"):
        services.add_companion(
            email="tanpa.wilayah@example.test",
            full_name="Tanpa Wilayah",
            regions=[],
            by=areas.regency_manager,
            kind="tksk",
            capacity=5,
        )
    assert not User.objects.filter(email="tanpa.wilayah@example.test").exists()


def test_a_national_manager_may_leave_the_regions_empty(areas):
    assert services.companion_regions([], by=areas.national) == []


def test_update_companion_keeps_the_regions_outside_the_managers_area(areas):
    profile = areas.alfa.companion.mentor_profile
    profile.regions.add(areas.gamma.regency)
    services.update_companion(
        profile,
        regions=[areas.alfa.regency],
        by=areas.regency_manager,
        kind=profile.kind,
        organisation="Inkubator Alfa",
        sectors=[],
        expertise="",
        capacity=9,
        is_active=True,
    )
    profile.refresh_from_db()
    assert (profile.organisation, profile.capacity) == ("Inkubator Alfa", 9)
    assert set(profile.regions.all()) == {areas.alfa.regency, areas.gamma.regency}


def test_the_assignment_form_runs_the_models_validation(areas):
    """No ``_post_clean`` switched off: the form builds and validates the instance the model describes."""
    form = AssignCompanionForm(
        data={
            "profile": areas.alfa.profile.pk,
            "companion": areas.beta.companion.pk,
            "role": CompanionRole.MENTOR,
        },
        instance=CompanionAssignment(),
        for_user=areas.national,
    )
    assert form.is_valid(), form.errors
    assert (form.instance.profile_id, form.instance.companion_id) == (
        areas.alfa.profile.pk,
        areas.beta.companion.pk,
    )


def test_the_assistance_form_runs_the_models_validation(areas):
    form = PlanAssistanceForm(
        data={"profile": areas.alfa.profile.pk, "kind": "cash", "plan_item": "Etalase", "amount": 500_000},
        instance=Assistance(),
        for_user=areas.national,
    )
    assert form.is_valid(), form.errors
    assert (form.instance.profile_id, form.instance.amount) == (areas.alfa.profile.pk, 500_000)


def test_adding_and_changing_a_companion_is_in_wagtails_history(areas):
    from wagtail.models import ModelLogEntry

    profile = services.add_companion(
        email="log@example.test", full_name="Log", regions=[], by=areas.national, kind="tksk", capacity=3
    )
    services.update_companion(profile, regions=[], by=areas.national, capacity=4)
    entries = ModelLogEntry.objects.for_instance(profile).order_by("pk")
    assert [(e.action, e.user_id) for e in entries] == [
        ("wagtail.create", areas.national.pk),
        ("wagtail.edit", areas.national.pk),
    ]
