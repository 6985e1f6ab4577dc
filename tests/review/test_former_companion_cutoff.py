"""Review: a former companion must not follow the family after the assignment ended."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from incubator import services as incubator_services
from incubator.models import CompanionAssignment, CompanionRole, TierChange
from mentoring import visits
from tests.incubator.factories import MentorProfileFactory
from tests.incubator.photos import phone_jpeg
from tests.mentoring.conftest import pair  # noqa: F401  (fixture)
from tests.mentoring.test_visits import visit_input


def _hand_over(pair):  # noqa: F811
    old = CompanionAssignment.objects.get(profile=pair.profile, companion=pair.mentor, ended_at=None)
    incubator_services.end_assignment(old, by=pair.manager, reason="Pindah tugas")
    new = MentorProfileFactory().user
    incubator_services.assign_companion(pair.profile, new, role=CompanionRole.MENTOR, by=pair.manager)
    return new


def test_former_companion_does_not_see_visits_logged_after_they_left(client_for, pair):  # noqa: F811
    new = _hand_over(pair)
    later = visits.log_visit(
        pair.profile,
        by=new,
        data=visit_input(summary="Usaha pindah ke Desa Sukamaju, rumah no 7"),
        photos=[phone_jpeg()],
    )
    client = client_for(pair.mentor)
    assert client.get(reverse("mentoring:visit_detail", args=[later.pk])).status_code == 404
    photo_url = reverse("mentoring:visit_photo", args=[later.pk, later.photos.get().pk])
    assert client.get(photo_url).status_code == 404
    page = client.get(reverse("mentoring:profile_timeline", args=[pair.profile.pk]))
    assert page.status_code == 200
    assert "Sukamaju" not in page.content.decode()


def test_former_companion_keeps_their_own_visits_and_what_happened_before(client_for, pair):  # noqa: F811
    mine = visits.log_visit(pair.profile, by=pair.mentor, data=visit_input(summary="Kunjungan saya sendiri"))
    _hand_over(pair)
    client = client_for(pair.mentor)
    assert client.get(reverse("mentoring:visit_detail", args=[mine.pk])).status_code == 200
    html = client.get(reverse("mentoring:profile_timeline", args=[pair.profile.pk])).content.decode()
    assert "Kunjungan saya sendiri" in html


def test_former_companions_timeline_stops_when_they_left(client_for, pair):  # noqa: F811
    new = _hand_over(pair)
    # A tier change after they left: a timed entry past their ended_at.
    TierChange.objects.create(
        profile=pair.profile,
        from_tier="",
        to_tier=pair.profile.tier,
        changed_by=new,
        changed_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    html = client_for(pair.mentor).get(reverse("mentoring:profile_timeline", args=[pair.profile.pk]))
    current = client_for(new).get(reverse("mentoring:profile_timeline", args=[pair.profile.pk]))
    assert str(new) in current.content.decode()
    assert str(new) not in html.content.decode()
