"""A registry import's rows are written by an incubator service, the consent version recorded directly."""

from __future__ import annotations

import pytest

from incubator import services


def test_a_registry_participant_is_enrolled_with_the_registry_consent_written_once(
    world, django_capture_on_commit_callbacks
):
    from accounts.models import ConsentRecord, User
    from incubator.errors import NotAllowed

    fields = {
        "email": "siti@example.org",
        "full_name": "Siti Aminah",
        "phone": "",
        "consent_version": "2026-01+registry",
        "cohort": None,
        "province": world.province,
        "regency": world.regency,
        "district": None,
        "business_name": "Warung Siti",
        "sector": "food",
    }
    with pytest.raises(NotAllowed):
        services.enrol_registry_participant(by=world.mentor, **fields)
    assert not User.objects.filter(email="siti@example.org").exists()

    profile = services.enrol_registry_participant(by=world.manager, **fields)
    consent = ConsentRecord.objects.get(user=profile.user)
    assert consent.policy_version == "2026-01+registry"
    assert consent.captured_by == world.manager
    assert not profile.user.has_usable_password()


def _participant(world, n: int) -> dict:
    return {
        "email": "",
        "full_name": f"Peserta {n}",
        "phone": f"+62813000000{n:02d}",
        "consent_version": "2026-01+registry",
        "cohort": None,
        "province": world.province,
        "regency": world.regency,
        "district": None,
        "business_name": f"Usaha {n}",
        "sector": "food",
    }


def test_a_registry_row_neither_reads_back_its_consent_nor_the_new_persons_roles(
    world, django_assert_num_queries
):
    """The consent just written is the one the enrolment names, and a new account has no roles to
    read; inside an import's batch the Entrepreneur group is read once, not once a row."""
    from accounts import roles

    roles.is_manager(world.manager)  # the importer's roles, read once for the file
    services.enrol_registry_participant(by=world.manager, **_participant(world, 1))
    with roles.groups_read_once():
        # savepoints and their releases (12); the username, the account, name and phone, the
        # group read (the first row only), the role, the consent; the enrolment: is the person
        # enrolled, the profile, its tier change, the tier's milestones and counters (7)
        with django_assert_num_queries(25):
            services.enrol_registry_participant(by=world.manager, **_participant(world, 2))
        with django_assert_num_queries(24):
            profile = services.enrol_registry_participant(by=world.manager, **_participant(world, 3))
    assert profile.consent.user_id == profile.user_id
    assert profile.consent.policy_version == "2026-01+registry"
    assert roles.is_entrepreneur(profile.user)
    assert profile.user.groups.get().name == roles.ENTREPRENEUR


def test_an_imported_account_is_named_after_the_person_and_a_taken_name_gets_a_suffix(world):
    first = services.enrol_registry_participant(by=world.manager, **_participant(world, 1))
    fields = {**_participant(world, 2), "full_name": "Peserta 1"}
    second = services.enrol_registry_participant(by=world.manager, **fields)
    assert first.user.username == "peserta_1"
    assert second.user.username.startswith("peserta_1") and second.user.username != "peserta_1"
