"""One dated history per entrepreneur: content, order, paging, query counts and who may see it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from incubator import services as incubator_services
from incubator.models import (
    Assistance,
    CompanionAssignment,
    ManagerScope,
    MilestoneEvent,
    PromotionRequest,
    TierChange,
)
from mentoring import services, visits
from mentoring.selectors import Access
from mentoring.timeline import timeline_for
from mentoring.visits import VisitInput
from tests.factories import ManagerUserFactory
from tests.incubator.factories import (
    EntrepreneurProfileFactory,
    MentorProfileFactory,
    MilestoneFactory,
    ProvinceFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(n: int, hour: int = 10) -> datetime.datetime:
    day = TODAY() - datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def log_visit(pair, n_days_ago: int, **overrides):
    values = {
        "visited_on": TODAY() - datetime.timedelta(days=n_days_ago),
        "purpose": "monitoring",
        "district": "Cicendo",
        "village": "Pasirkaliki",
        "summary": f"Ringkasan kunjungan {n_days_ago} hari lalu",
        "internal_notes": "Catatan rahasia: utang ke rentenir",
    }
    values.update(overrides)
    return visits.log_visit(pair.profile, by=pair.mentor, data=VisitInput(**values))


def history(pair, *, copies: int = 1) -> None:
    """Each kind of entry, ``copies`` times, on distinct days (newest: the visit)."""
    for copy in range(copies):
        base = copy * 10
        log_visit(pair, base + 1)
        services.log_session(
            pair.profile,
            by=pair.mentor,
            date=TODAY() - datetime.timedelta(days=base + 2),
            mode="phone",
            topics=f"HPP dan harga jual {copy}",
        )
        milestone = MilestoneFactory(profile=pair.profile)
        event = MilestoneEvent.objects.create(
            milestone=milestone,
            from_status="submitted",
            to_status="verified",
            actor=pair.mentor,
            comment="Bagus",
        )
        MilestoneEvent.objects.filter(pk=event.pk).update(created_at=days_ago(base + 3))
        TierChange.objects.create(
            profile=pair.profile, from_tier="beginner", to_tier="developing", changed_at=days_ago(base + 4)
        )
        assistance = Assistance.objects.create(
            profile=pair.profile, kind="cash", plan_item=f"Etalase {copy}", amount=3_500_000, tier="beginner"
        )
        event = assistance.events.create(to_status="approved", actor=pair.manager, note="Anggaran tahap 2")
        type(event).objects.filter(pk=event.pk).update(created_at=days_ago(base + 5))
        PromotionRequest.objects.create(
            profile=pair.profile,
            from_tier="beginner",
            to_tier="developing",
            status="declined",
            decided_by=pair.manager,
            decided_at=days_ago(base + 6),
            decision_reason="Laporan bulanan belum lengkap",
        )


def kinds(page) -> list[str]:
    return [entry.kind for entry in page.entries]


def test_entries_of_every_kind_newest_first(pair):
    history(pair)
    page = timeline_for(pair.profile, user=pair.mentor, access=Access.COMPANION)
    assert kinds(page) == ["visit", "session", "milestone", "tier", "assistance", "promotion"]
    days = [entry.day for entry in page.entries]
    assert days == sorted(days, reverse=True)
    visit, session, milestone, tier, assistance, promotion = page.entries
    assert visit.text == "Ringkasan kunjungan 1 hari lalu" and visit.internal.startswith("Catatan rahasia")
    assert visit.extra["place"] == "Pasirkaliki, Cicendo" and visit.actor == pair.mentor
    assert session.text == "HPP dan harga jual 0"
    assert "→" in tier.title
    assert "Terverifikasi" in milestone.title or "Verified" in milestone.title
    assert milestone.text == "Bagus"
    assert assistance.text == "Anggaran tahap 2"
    assert promotion.text == "Laporan bulanan belum lengkap"
    assert page.next_cursor is None


def test_a_visit_appears_once_not_also_as_a_session(pair):
    log_visit(pair, 0)
    page = timeline_for(pair.profile, user=pair.mentor, access=Access.COMPANION)
    assert kinds(page) == ["visit"]


def test_the_entrepreneur_never_sees_internal_notes(client_for, pair):
    history(pair)
    response = client_for(pair.entrepreneur).get(reverse("mentoring:timeline"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ringkasan kunjungan 1 hari lalu" in html
    assert "rentenir" not in html and "Anggaran tahap 2" not in html
    assert all(not entry.internal for entry in response.context["page"].entries)


def test_companion_page_shows_internal_notes_marked(client_for, pair):
    history(pair)
    html = client_for(pair.mentor).get(reverse("mentoring:profile_timeline", args=[pair.profile.pk])).content
    assert "rentenir" in html.decode()


def test_paging_by_cursor_returns_every_entry_once_in_order(pair):
    history(pair, copies=3)
    # Same-moment ties: two visits on one day and two tier changes at one instant.
    log_visit(pair, 1, summary="Kunjungan kedua hari itu")
    TierChange.objects.create(profile=pair.profile, from_tier="", to_tier="beginner", changed_at=days_ago(4))
    everything = timeline_for(pair.profile, user=pair.mentor, access=Access.COMPANION, limit=100).entries
    assert len(everything) == 20
    seen, before = [], None
    while True:
        page = timeline_for(pair.profile, user=pair.mentor, access=Access.COMPANION, before=before, limit=4)
        seen.extend(page.entries)
        if not page.next_cursor:
            break
        before = page.next_cursor
    assert [(e.kind, e.pk) for e in seen] == [(e.kind, e.pk) for e in everything]


def test_a_malformed_cursor_shows_the_first_page(client_for, pair):
    history(pair)
    response = client_for(pair.mentor).get(
        reverse("mentoring:profile_timeline", args=[pair.profile.pk]), {"before": "2026-13-45|x|y"}
    )
    assert response.status_code == 200 and len(response.context["page"].entries) == 6


def test_older_entries_link_pages_through(client_for, pair, monkeypatch):
    monkeypatch.setattr("mentoring.timeline.PAGE_SIZE", 4)
    history(pair)
    client = client_for(pair.entrepreneur)
    first = client.get(reverse("mentoring:timeline"))
    cursor = first.context["page"].next_cursor
    assert cursor and "?before=" in first.content.decode()
    second = client.get(reverse("mentoring:timeline"), {"before": cursor})
    assert kinds(second.context["page"]) == ["assistance", "promotion"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["entrepreneur", "mentor"])
def test_timeline_queries_stay_constant_as_history_grows(client_for, pair, who):
    user = getattr(pair, who)
    client = client_for(user)
    url = (
        reverse("mentoring:timeline")
        if who == "entrepreneur"
        else reverse("mentoring:profile_timeline", args=[pair.profile.pk])
    )
    history(pair)
    client.get(url)
    small = _count(client, url)
    history(pair, copies=5)
    assert _count(client, url) == small


def test_timeline_selector_is_one_query_per_source(pair, django_assert_num_queries):
    history(pair, copies=4)
    with django_assert_num_queries(8):  # deliveries are their own source, dated by the day (E12)
        timeline_for(pair.profile, user=pair.mentor, access=Access.COMPANION)


# -- who may see which timeline ----------------------------------------------------------------


def test_another_entrepreneur_or_companion_gets_404(client_for, pair):
    url = reverse("mentoring:profile_timeline", args=[pair.profile.pk])
    assert client_for(EntrepreneurProfileFactory().user).get(url).status_code == 404
    assert client_for(MentorProfileFactory().user).get(url).status_code == 404


def test_own_profile_url_redirects_to_my_timeline(client_for, pair):
    response = client_for(pair.entrepreneur).get(
        reverse("mentoring:profile_timeline", args=[pair.profile.pk])
    )
    assert response.status_code == 302 and response["Location"] == reverse("mentoring:timeline")


def test_former_companion_sees_the_history_without_internal_notes(client_for, pair):
    history(pair)
    assignment = CompanionAssignment.objects.get(profile=pair.profile, companion=pair.mentor, ended_at=None)
    incubator_services.end_assignment(assignment, by=pair.manager, reason="Pindah tugas")
    other_mentor = MentorProfileFactory().user
    incubator_services.assign_companion(pair.profile, other_mentor, role="mentor", by=pair.manager)
    visits.log_visit(
        pair.profile,
        by=other_mentor,
        data=VisitInput(
            TODAY(), "guidance", "Cicendo", "Arjuna", "Kunjungan baru", "Rahasia pendamping baru"
        ),
    )
    response = client_for(pair.mentor).get(reverse("mentoring:profile_timeline", args=[pair.profile.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    # What the family did after they left is no longer theirs to read (review: former companion cutoff).
    assert "Kunjungan baru" not in html and "Rahasia pendamping baru" not in html
    assert "rentenir" in html  # their own visit's notes stay theirs


def test_managers_see_timelines_in_their_area_only(client_for, pair):
    history(pair)
    url = reverse("mentoring:profile_timeline", args=[pair.profile.pk])
    here, elsewhere = ManagerUserFactory(), ManagerUserFactory()
    ManagerScope.objects.update_or_create(user=here, defaults={"region": pair.profile.province})
    surabaya = RegencyFactory(name="Kota Surabaya", parent=ProvinceFactory(name="Jawa Timur"))
    ManagerScope.objects.update_or_create(user=elsewhere, defaults={"region": surabaya})
    response = client_for(here).get(url)
    assert response.status_code == 200 and "rentenir" in response.content.decode()
    assert client_for(elsewhere).get(url).status_code == 404


def test_portal_and_mentee_pages_link_the_timelines(client_for, pair):
    portal = client_for(pair.entrepreneur).get(reverse("incubator:portal_home"))
    assert reverse("mentoring:timeline") in portal.content.decode()
    mentee = client_for(pair.mentor).get(reverse("incubator:mentee_detail", args=[pair.profile.pk]))
    html = mentee.content.decode()
    assert reverse("mentoring:profile_timeline", args=[pair.profile.pk]) in html
    assert reverse("mentoring:visit_new", args=[pair.profile.pk]) in html
