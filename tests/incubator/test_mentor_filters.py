"""The companion's list of mentees: search, tier, needs attention, below/above the UMK; flat query counts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from incubator.models import EntrepreneurProfile, MonthlyReport, Tier
from incubator.services import recount_progress
from tests.incubator.conftest import world_at
from tests.incubator.test_scale import add_mentees

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _at_now():
    # The whole test at NOW, sign-in included: a session opened at another clock (TUMBUH_TEST_NOW in
    # CI's date loop) would have expired by NOW and every page would send to the sign-in page.
    with time_machine.travel(NOW, tick=False):
        yield


# The world each test would build under that clock, built once for the module.
_world_once, world = world_at(NOW)


URL = reverse("incubator:mentor_home")


@pytest.fixture
def mentees(world):
    """The world's entrepreneur and three more: one below the UMK (4,000,000), one above, one developing."""
    with time_machine.travel(NOW, tick=False):
        add_mentees(world, 3)
        below, above, developing = EntrepreneurProfile.objects.filter(
            business_name__startswith="Warung "
        ).order_by("pk")
        EntrepreneurProfile.objects.filter(pk=below.pk).update(business_name="Keripik Rendah")
        EntrepreneurProfile.objects.filter(pk=above.pk).update(business_name="Batik Tinggi")
        EntrepreneurProfile.objects.filter(pk=developing.pk).update(
            business_name="Kopi Berkembang", tier=Tier.DEVELOPING
        )
        for profile, profit in ((below, 2_000_000), (above, 5_000_000)):
            for month in (8, 9, 10):
                MonthlyReport.objects.create(
                    profile=profile,
                    month=datetime.date(2026, month, 1),
                    revenue=profit + 1_000_000,
                    costs=1_000_000,
                    verified_at=timezone.now(),
                )
        recount()
    return world


def recount() -> None:
    """Rows written here past the services: the stored progress counters recounted as they would be."""
    recount_progress(EntrepreneurProfile.objects.all())


def names(client, **params) -> str:
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_by_business_or_name(client_for, mentees):
    client = client_for(mentees.mentor)
    html = names(client, q="keripik")
    assert "Keripik Rendah" in html and "Batik Tinggi" not in html
    person = mentees.profile.user.full_name
    html = names(client, q=person.split()[0])
    assert mentees.profile.business_name in html and "Batik Tinggi" not in html


def test_filter_by_tier(client_for, mentees):
    html = names(client_for(mentees.mentor), tier=Tier.DEVELOPING)
    assert "Kopi Berkembang" in html and "Keripik Rendah" not in html


def test_filter_below_or_above_the_umk(client_for, mentees):
    client = client_for(mentees.mentor)
    html = names(client, umk="below")
    assert "Keripik Rendah" in html and "Batik Tinggi" not in html
    assert "Kopi Berkembang" not in html  # not measurable yet: in neither list
    html = names(client, umk="above")
    assert "Batik Tinggi" in html and "Keripik Rendah" not in html


def test_filter_needs_attention(client_for, mentees):
    # Everyone added in bulk lacks a contact in 30 days; a recent session clears the world's entrepreneur
    # of that flag, and its report for last month clears "figures missing".
    from mentoring.models import MentoringSession

    profile = EntrepreneurProfile.objects.get(business_name="Batik Tinggi")
    MentoringSession.objects.create(
        profile=profile, companion=mentees.mentor, date=NOW.date(), mode="phone", topics="Kas"
    )
    MentoringSession.objects.create(
        profile=mentees.profile, companion=mentees.mentor, date=NOW.date(), mode="phone", topics="Kas"
    )
    with time_machine.travel(NOW, tick=False):
        for p in (profile, mentees.profile):
            MonthlyReport.objects.update_or_create(
                profile=p,
                month=datetime.date(2026, 10, 1),
                defaults={"revenue": 9_000_000, "costs": 1_000_000},
            )
    EntrepreneurProfile.objects.filter(pk__in=[profile.pk, mentees.profile.pk]).update(
        tier_since=NOW - datetime.timedelta(days=1)
    )
    recount()
    html = names(client_for(mentees.mentor), attention="on")
    assert "Keripik Rendah" in html  # no contact in 30 days
    assert "Batik Tinggi" not in html and mentees.profile.business_name not in html


def test_bad_filter_input_is_a_message_not_a_500(client_for, mentees):
    client = client_for(mentees.mentor)
    with translation.override("en"):
        response = client.get(URL, {"tier": "emperor", "umk": "sideways", "q": "x" * 500})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist') >= 2  # the tier and the distance, each with its message
    assert "Keripik Rendah" in html  # the whole list, unfiltered


def test_filtered_list_queries_do_not_grow_with_the_mentees(client_for, mentees):
    client = client_for(mentees.mentor)
    params = {"q": "a", "umk": "below", "attention": "on", "tier": Tier.BEGINNER}
    client.get(URL, params)  # warm up: the bell's first view marks the inbox seen

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    small = count()
    add_mentees(mentees, 40)
    assert count() == small


def test_the_filters_keep_the_page_links(client_for, mentees):
    add_mentees(mentees, 60)
    html = names(client_for(mentees.mentor), tier=Tier.BEGINNER)
    assert "?tier=beginner&amp;page=2" in html


# -- the four list filters the issue names: waiting for review, ready to recommend, no contact in
# 14 days, report missing (``state``) --------------------------------------------------------------


def by_name(name: str) -> EntrepreneurProfile:
    return EntrepreneurProfile.objects.get(business_name=name)


def test_filter_waiting_for_review(client_for, mentees):
    from incubator.models import Milestone, MilestoneStatus

    keripik, batik = by_name("Keripik Rendah"), by_name("Batik Tinggi")
    Milestone.objects.filter(profile=keripik).update(status=MilestoneStatus.NOT_STARTED)
    recount()
    assert Milestone.objects.filter(profile=batik, status=MilestoneStatus.SUBMITTED).exists()
    html = names(client_for(mentees.mentor), state="waiting")
    assert "Batik Tinggi" in html
    assert "Keripik Rendah" not in html and mentees.profile.business_name not in html
    # Monthly figures waiting for the mentor's "Verify" count as waiting too.
    MonthlyReport.objects.create(
        profile=keripik, month=datetime.date(2026, 11, 1), revenue=1_000_000, costs=0, verified_at=None
    )
    recount()
    assert "Keripik Rendah" in names(client_for(mentees.mentor), state="waiting")


def test_filter_ready_to_recommend(client_for, mentees):
    from incubator.models import Milestone, MilestoneStatus, PromotionRequest

    keripik = by_name("Keripik Rendah")
    html = names(client_for(mentees.mentor), state="ready")
    assert "Batik Tinggi" in html  # at or above the UMK: graduation can be recommended from Beginner
    assert "Keripik Rendah" not in html  # below the UMK and milestones still open
    assert "Kopi Berkembang" not in html and mentees.profile.business_name not in html
    # Every required Beginner milestone verified: a promotion can be recommended.
    Milestone.objects.filter(profile=keripik).update(status=MilestoneStatus.VERIFIED)
    recount()
    assert "Keripik Rendah" in names(client_for(mentees.mentor), state="ready")
    # Once a recommendation waits for the manager, it is no longer "ready".
    PromotionRequest.objects.create(
        profile=keripik, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=mentees.mentor
    )
    assert "Keripik Rendah" not in names(client_for(mentees.mentor), state="ready")
    # A graduated family is never "ready".
    EntrepreneurProfile.objects.filter(business_name="Batik Tinggi").update(tier=Tier.GRADUATED)
    recount()
    assert "Batik Tinggi" not in names(client_for(mentees.mentor), state="ready")


def test_filter_no_contact_in_14_days(client_for, mentees):
    from mentoring.models import MentoringSession

    MentoringSession.objects.create(
        profile=mentees.profile,
        companion=mentees.mentor,
        date=NOW.date() - datetime.timedelta(days=10),
        mode="phone",
        topics="Kas",
    )
    MentoringSession.objects.create(
        profile=by_name("Batik Tinggi"),
        companion=mentees.mentor,
        date=NOW.date() - datetime.timedelta(days=20),  # still fine for the 30-day flag, not for this list
        mode="phone",
        topics="Kas",
    )
    html = names(client_for(mentees.mentor), state="no_contact")
    assert "Batik Tinggi" in html and "Keripik Rendah" in html  # 20 days ago; never
    assert mentees.profile.business_name not in html  # 10 days ago


def test_filter_report_missing(client_for, mentees):
    html = names(client_for(mentees.mentor), state="report_missing")
    # October's figures (last month on 20 November) exist for these two only.
    assert "Keripik Rendah" not in html and "Batik Tinggi" not in html
    assert "Kopi Berkembang" in html and mentees.profile.business_name in html


def test_a_bad_state_is_a_message_not_a_500(client_for, mentees):
    with translation.override("en"):
        response = client_for(mentees.mentor).get(URL, {"state": "asleep"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist' in html and "Keripik Rendah" in html


def test_the_state_filter_is_offered_in_indonesian(client_for, mentees):
    with time_machine.travel(NOW, tick=False), translation.override("id"):
        html = client_for(mentees.mentor).get(URL).content.decode()
    for word in (
        "Menunggu diperiksa",
        "Siap diusulkan",
        "Tidak ada kontak dalam 14 hari",
        "Angka bulanan belum diisi",
    ):
        assert word in html


@pytest.mark.parametrize("state", ["waiting", "ready", "no_contact", "report_missing"])
def test_each_state_filter_keeps_the_query_count_flat(client_for, mentees, state):
    client = client_for(mentees.mentor)
    params = {"state": state, "attention": "on"}
    with time_machine.travel(NOW, tick=False):
        client.get(URL, params)  # warm up: the bell's first view marks the inbox seen

    def count() -> int:
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    small = count()
    add_mentees(mentees, 40)
    assert count() == small
