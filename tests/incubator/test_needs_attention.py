"""Needs-attention flags: one queryset, frozen time, flat query counts; the admin home panel."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incubator.models import (
    EntrepreneurProfile,
    GraduationFlag,
    GraduationWatch,
    MonthlyReport,
    Tier,
    TierChange,
)
from incubator.selectors import needs_attention
from incubator.services import recount_progress
from incubator.services.graduation import graduation_check_in
from mentoring.models import MentoringSession
from tests.factories.workspace import (
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def program():
    with time_machine.travel(NOW, tick=False):
        yield build_program()


def recount(profile) -> None:
    """Rows written here past the services: the facts the flags read recounted as the services would."""
    recount_progress(EntrepreneurProfile.objects.filter(pk=profile.pk))


def report(profile, month: int, revenue: int, profit: int | None = None, verified: bool = False):
    row = MonthlyReport.objects.create(
        profile=profile,
        month=datetime.date(2026, month, 1),
        revenue=revenue,
        costs=revenue - (profit if profit is not None else revenue // 2),
        verified_at=NOW if verified else None,
    )
    recount(profile)
    return row


def flags_of(profile) -> dict[str, bool]:
    row = needs_attention(EntrepreneurProfile.objects.filter(pk=profile.pk), today=TODAY).get()
    return {
        name: getattr(row, name)
        for name in (
            "revenue_falling",
            "figures_missing",
            "no_contact",
            "long_in_tier",
            "below_umk_graduated",
        )
    }


def contact(program, profile, day: datetime.date):
    MentoringSession.objects.create(
        profile=profile, companion=program.mentor, date=day, mode="phone", topics="Kas"
    )


def test_revenue_falling_two_months_running(program):
    falling = program.enroll("Turun")
    report(falling, 3, 9_000_000)
    report(falling, 4, 8_000_000)
    report(falling, 5, 7_000_000)
    once = program.enroll("Turun sekali")
    report(once, 3, 9_000_000)
    report(once, 4, 10_000_000)
    report(once, 5, 7_000_000)
    assert flags_of(falling)["revenue_falling"]
    assert not flags_of(once)["revenue_falling"]


def test_monthly_figures_missing_for_last_month(program):
    missing = program.enroll("Belum lapor")
    report(missing, 4, 5_000_000)
    done = program.enroll("Sudah lapor")
    report(done, 5, 5_000_000)
    assert flags_of(missing)["figures_missing"]
    assert not flags_of(done)["figures_missing"]


def test_no_contact_in_thirty_days(program):
    quiet = program.enroll("Sepi")
    contact(program, quiet, TODAY - datetime.timedelta(days=31))
    never = program.enroll("Belum pernah")
    recent = program.enroll("Baru dikunjungi")
    contact(program, recent, TODAY - datetime.timedelta(days=29))
    contact(program, recent, TODAY - datetime.timedelta(days=60))
    assert flags_of(quiet)["no_contact"]
    assert flags_of(never)["no_contact"]
    assert not flags_of(recent)["no_contact"]


def test_in_a_tier_longer_than_the_areas_median(program):
    profiles = [program.enroll(f"Usaha {i}") for i in range(3)]
    for days, profile in zip((10, 40, 200), profiles, strict=True):
        EntrepreneurProfile.objects.filter(pk=profile.pk).update(
            tier_since=NOW - datetime.timedelta(days=days)
        )
    flags = [flags_of(p)["long_in_tier"] for p in profiles]
    assert flags == [False, False, True]  # the median is 40 days


def graduate_with_watch(program, name: str):
    profile = program.enroll(name)
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(tier=Tier.GRADUATED)
    change = TierChange.objects.create(
        profile=profile, from_tier=Tier.ADVANCED, to_tier=Tier.GRADUATED, changed_at=NOW
    )
    GraduationWatch.objects.create(
        profile=profile,
        tier_change=change,
        graduated_on=datetime.date(2026, 1, 10),
        ends_on=datetime.date(2027, 1, 10),
        from_tier=Tier.ADVANCED,
    )
    recount(profile)
    profile.refresh_from_db()
    return profile


def check_in(profile, month: int, profit: int):
    """A monthly check-in through the graduation watch's own rule (as the report services do)."""
    graduation_check_in(report(profile, month, profit + 1_000_000, profit=profit, verified=True))


def test_below_umk_after_graduation_is_the_graduation_watchs_rule(program):
    """Two consecutive check-ins below the UMK (4,000,000) raise the watch's flag, and only that."""
    below = graduate_with_watch(program, "Turun lagi")
    check_in(below, 4, 3_000_000)
    check_in(below, 5, 3_500_000)
    once = graduate_with_watch(program, "Turun sekali")
    check_in(once, 4, 4_500_000)
    check_in(once, 5, 3_000_000)  # the latest month below, but not two running
    above = graduate_with_watch(program, "Tetap mandiri")
    check_in(above, 5, 4_500_000)
    assert flags_of(below)["below_umk_graduated"]
    assert not flags_of(once)["below_umk_graduated"]
    assert not flags_of(above)["below_umk_graduated"]
    GraduationFlag.objects.filter(profile=below).update(resolved_at=NOW)
    recount(below)
    assert not flags_of(below)["below_umk_graduated"]  # answered: no longer needs attention


def _attention_queries(program, n: int) -> int:
    program.bulk_profiles(n)
    for profile in EntrepreneurProfile.objects.all()[:5]:
        report(profile, 5, 5_000_000)
        contact(program, profile, TODAY)
    with CaptureQueriesContext(connection) as captured:
        rows = list(needs_attention(EntrepreneurProfile.objects.all(), today=TODAY))
    assert len(rows) == EntrepreneurProfile.objects.count()
    return len(captured)


@pytest.mark.parametrize("n", [10, 200])
def test_query_count_is_flat(program, n):
    assert _attention_queries(program, n) == 2  # the medians, then the families


def test_the_admin_home_shows_counts_and_links_to_records(client, program):
    quiet = program.enroll("Sepi")
    client.force_login(program.manager)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Families needing attention" in html
    assert "No contact in 30 days: <strong>1</strong>" in html
    assert reverse("workspace_participants:record", args=[quiet.pk]) in html


def test_the_home_panel_costs_the_same_for_10_and_200_families(client, program):
    client.force_login(program.manager)
    counts = []
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("wagtailadmin_home"))
        for n in (10, 190):
            program.bulk_profiles(n, tier=Tier.DEVELOPING if n == 190 else Tier.BEGINNER)
            with CaptureQueriesContext(connection) as captured:
                client.get(reverse("wagtailadmin_home"))
            counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_home_panel_counts_every_family_beyond_those_it_lists_in_two_queries(program):
    from workspace.panels import ATTENTION_LABELS, NeedsAttentionPanel

    quiet = [program.enroll(f"Sepi {i}") for i in range(NeedsAttentionPanel.listed + 3)]
    contact(program, quiet[0], TODAY - datetime.timedelta(days=1))
    expected = {
        name: sum(
            getattr(row, name) for row in needs_attention(EntrepreneurProfile.objects.all(), today=TODAY)
        )
        for name in (
            "revenue_falling",
            "figures_missing",
            "no_contact",
            "long_in_tier",
            "below_umk_graduated",
        )
    }
    with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as captured:
        context = NeedsAttentionPanel().get_context_data()
    # The areas' medians, then one statement: each family's flags computed once (a materialized CTE),
    # the listed families and the counts of every flagged family read from it (issue 17; 3 before).
    assert len(captured) == 2
    assert dict(context["flags"]) == {ATTENTION_LABELS[name]: n for name, n in expected.items()}
    assert expected["no_contact"] > NeedsAttentionPanel.listed  # counted beyond the listed ten
    assert len(context["families"]) == NeedsAttentionPanel.listed


def test_the_home_panel_counts_nothing_when_no_family_needs_attention(program):
    from workspace.panels import NeedsAttentionPanel

    EntrepreneurProfile.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        context = NeedsAttentionPanel().get_context_data()
    assert [n for _label, n in context["flags"]] == [0] * 5
    assert context["families"] == []
