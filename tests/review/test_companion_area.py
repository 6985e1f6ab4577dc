"""Review: a companion acting for an entrepreneur stays inside their own working area."""

from __future__ import annotations

import pytest

from incubator import services
from incubator.errors import IncubatorError
from incubator.models import EntrepreneurProfile, MentorProfile
from tests.incubator.conftest import _world_once, world  # noqa: F401  (fixtures)
from tests.incubator.factories import ProvinceFactory, RegencyFactory


def test_companion_cannot_move_a_mentee_out_of_their_working_area(world):  # noqa: F811
    MentorProfile.objects.get(user=world.social).regions.set([world.regency])
    papua = ProvinceFactory(name="Papua")
    jayapura = RegencyFactory(name="Kota Jayapura", parent=papua)
    with pytest.raises(IncubatorError):
        services.update_business_profile(
            world.profile, by=world.social, province=papua, regency=jayapura, district=None
        )
    assert EntrepreneurProfile.objects.get(pk=world.profile.pk).regency == world.regency
