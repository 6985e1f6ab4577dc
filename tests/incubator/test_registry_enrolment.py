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
