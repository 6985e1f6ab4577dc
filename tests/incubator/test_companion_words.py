"""Finding C9: companion screens speak to the companion, not to the entrepreneur, and say nothing twice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from incubator import services
from incubator.models import CompanionRole

pytestmark = pytest.mark.django_db


def test_the_figures_form_says_you_to_the_owner_and_the_owner_to_a_companion(world, client_for):
    own = client_for(world.entrepreneur).get(reverse("incubator:reports")).content.decode()
    assert "Pekerja (selain Anda)" in own
    for companion in (world.mentor, world.social):
        html = client_for(companion).get(reverse("incubator:mentee_reports", args=[world.profile.pk])).content
        html = html.decode()
        assert "Pekerja (selain pemilik)" in html
        assert "selain Anda" not in html


def test_a_social_companion_list_does_not_repeat_the_role_on_every_row(world, client_for):
    # A companion holds one role (a TKSK is always the social companion): naming it on each row is noise.
    second = world.enroll(business_name="Warung Bu Tini")
    services.assign_companion(second, world.social, role=CompanionRole.SOCIAL, by=world.manager)
    html = client_for(world.social).get(reverse("incubator:mentor_home")).content.decode()
    assert "Warung Bu Tini" in html
    assert "pendamping sosial" not in html
