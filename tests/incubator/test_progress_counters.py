"""The progress counters stored on each profile (issue 17): every service that changes them keeps
them equal to a fresh count, in its own transaction; the pages read them; a command finds drift."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from incubator import selectors, services
from incubator.models import EntrepreneurProfile, Milestone, MilestoneStatus, Tier
from incubator.selectors import PROGRESS_FIELDS, progress_drift
from tests.incubator.test_services import complete_tier, first, promote, submit


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def stored(profile: EntrepreneurProfile) -> dict:
    return EntrepreneurProfile.objects.values(*PROGRESS_FIELDS).get(pk=profile.pk)


def assert_no_drift() -> None:
    """The stored counters of every family equal a fresh recount."""
    assert progress_drift(EntrepreneurProfile.objects.all()) == []


def test_enrolment_counts_the_tiers_required_milestones(world):
    # The world's path: two required milestones and one optional per tier.
    assert stored(world.profile) == {
        "required_total": 2,
        "required_verified": 0,
        "waiting": 0,
        "reports_waiting": 0,
        "oldest_waiting": None,
        "umk_profit_total": None,
        "umk_months": 0,
        "revenue_fell_twice": False,
        "last_report_month": None,
        "report_month_before": None,
        "graduation_flag_open": False,
    }
    assert_no_drift()


def test_submitting_and_withdrawing_evidence_keep_the_waiting_count(world):
    m = submit(first(world), world.entrepreneur)
    assert (stored(world.profile)["waiting"], stored(world.profile)["oldest_waiting"]) == (1, m.submitted_at)
    assert_no_drift()
    services.withdraw_evidence(m, by=world.entrepreneur, expected_version=m.version)
    assert (stored(world.profile)["waiting"], stored(world.profile)["oldest_waiting"]) == (0, None)
    assert_no_drift()


def test_the_oldest_waiting_submission_moves_on_when_it_is_reviewed(world):
    older = submit(first(world, 1), world.entrepreneur)
    newer = submit(first(world, 2), world.entrepreneur)
    assert stored(world.profile)["oldest_waiting"] == older.submitted_at
    services.verify_milestone(older, by=world.mentor, expected_version=older.version)
    assert stored(world.profile)["oldest_waiting"] == newer.submitted_at
    assert_no_drift()


def test_verifying_counts_a_required_milestone_and_sending_back_does_not(world):
    m = submit(first(world, 1), world.entrepreneur)
    services.request_changes(m, by=world.mentor, comment="Tambahkan foto", expected_version=m.version)
    assert (stored(world.profile)["waiting"], stored(world.profile)["required_verified"]) == (0, 0)
    assert_no_drift()
    m = submit(m, world.entrepreneur, text="Sudah")
    assert stored(world.profile)["waiting"] == 1
    services.verify_milestone(m, by=world.mentor, expected_version=m.version)
    assert (stored(world.profile)["waiting"], stored(world.profile)["required_verified"]) == (0, 1)
    assert_no_drift()


def test_an_optional_milestone_verified_does_not_count(world):
    optional = first(world, 3)
    m = submit(optional, world.entrepreneur)
    services.verify_milestone(m, by=world.mentor, expected_version=m.version)
    assert stored(world.profile)["required_verified"] == 0
    assert_no_drift()


def test_a_course_finished_verifies_and_counts(world):
    template = world.templates[Tier.BEGINNER][0]
    services.complete_milestone_by_course(user=world.entrepreneur, template=template)
    assert stored(world.profile)["required_verified"] == 1
    assert_no_drift()


def test_monthly_figures_wait_until_verified_and_again_after_a_correction(world):
    report = services.record_monthly_report(
        world.profile,
        by=world.entrepreneur,
        month=datetime.date(2026, 1, 1),
        revenue=2_000_000,
        costs=1_000_000,
    )
    assert stored(world.profile)["reports_waiting"] == 1
    assert_no_drift()
    services.verify_monthly_report(report, by=world.mentor)
    assert stored(world.profile)["reports_waiting"] == 0
    assert_no_drift()
    services.correct_monthly_report(report, by=world.entrepreneur, revenue=2_500_000, costs=1_000_000)
    assert stored(world.profile)["reports_waiting"] == 1
    assert_no_drift()


def test_a_promotion_starts_the_next_tiers_count(world):
    complete_tier(world)
    assert stored(world.profile)["required_verified"] == 2
    promote(world)
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.DEVELOPING
    assert (stored(world.profile)["required_total"], stored(world.profile)["required_verified"]) == (2, 0)
    assert_no_drift()


def test_the_pages_read_the_stored_counters(world, client_for):
    """The dashboard and the companion's list show the columns, not a count made per view: a
    stored value (here made wrong on purpose) is what they show."""
    EntrepreneurProfile.objects.filter(pk=world.profile.pk).update(required_verified=1, waiting=3)
    dashboard = selectors.dashboard_for(world.entrepreneur)
    assert (dashboard.required_verified, dashboard.required_total, dashboard.waiting) == (1, 2, 3)
    row = selectors.mentees_for(companion=world.mentor).get(pk=world.profile.pk)
    assert (row.required_verified, row.waiting) == (1, 3)
    html = client_for(world.mentor).get("/mentor/").content.decode()
    assert "1/2" in html


def test_check_counters_reports_drift_and_fix_recounts(world, capsys):
    call_command("check_counters")
    assert "no drift" in capsys.readouterr().out
    EntrepreneurProfile.objects.filter(pk=world.profile.pk).update(required_verified=2, waiting=4)
    with pytest.raises(CommandError, match="1 families differ"):
        call_command("check_counters")
    out = capsys.readouterr().out
    assert f"profile {world.profile.pk}: required_verified 2 → 0, waiting 4 → 0" in out
    call_command("check_counters", "--fix")
    assert "0 left" in capsys.readouterr().out
    assert_no_drift()


def test_the_migration_backfills_every_profile(world):
    m = submit(first(world), world.entrepreneur)
    services.verify_milestone(m, by=world.mentor, expected_version=m.version)
    submit(first(world, 2), world.entrepreneur)
    EntrepreneurProfile.objects.update(
        required_total=0, required_verified=0, waiting=0, reports_waiting=0, oldest_waiting=None
    )
    migration = importlib.import_module("incubator.migrations.0012_progress_counters")
    migration.backfill(apps, None)
    assert_no_drift()
    assert stored(world.profile)["required_verified"] == 1 and stored(world.profile)["waiting"] == 1


def test_a_milestone_changed_past_the_services_is_drift(world):
    """What check_counters exists for: a write that bypassed the services shows up."""
    Milestone.objects.filter(profile=world.profile).update(status=MilestoneStatus.VERIFIED)
    assert [d["pk"] for d in progress_drift(EntrepreneurProfile.objects.all())] == [world.profile.pk]


def test_verified_figures_keep_the_umk_distance_figures(world):
    for month, profit in ((1, 3_000_000), (2, 4_000_000), (3, 5_000_000), (4, 6_000_000)):
        report = services.record_monthly_report(
            world.profile,
            by=world.entrepreneur,
            month=datetime.date(2026, month, 1),
            revenue=profit + 1_000_000,
            costs=1_000_000,
        )
        services.verify_monthly_report(report, by=world.mentor)
    # The latest three verified months: February to April.
    assert (stored(world.profile)["umk_profit_total"], stored(world.profile)["umk_months"]) == (15_000_000, 3)
    assert_no_drift()
    row = selectors.with_umk_distance(selectors.mentees_for(companion=world.mentor))[0]
    assert (row.umk_distance.average_profit, row.umk_distance.threshold) == (5_000_000, 4_000_000)
    assert selectors.dashboard_for(world.entrepreneur).umk.average_profit == 5_000_000
    # The mentor's list reads the regency and its UMK with the rows: the same distance, no query more.
    annotated = selectors.with_umk_in_force(
        selectors.mentees_for(companion=world.mentor), today=timezone.localdate()
    )
    rows = list(annotated)
    with CaptureQueriesContext(connection) as queries:
        same = selectors.with_umk_distance(rows)[0]
    assert same.umk_distance == row.umk_distance and len(queries) == 0


def test_reports_keep_the_facts_the_attention_flags_read(world):
    for month, revenue in ((3, 9_000_000), (4, 8_000_000), (5, 7_000_000)):
        services.record_monthly_report(
            world.profile,
            by=world.entrepreneur,
            month=datetime.date(2026, month, 1),
            revenue=revenue,
            costs=0,
        )
    facts = EntrepreneurProfile.objects.values(
        "revenue_fell_twice", "last_report_month", "report_month_before"
    ).get(pk=world.profile.pk)
    assert facts == {
        "revenue_fell_twice": True,
        "last_report_month": datetime.date(2026, 5, 1),
        "report_month_before": datetime.date(2026, 4, 1),
    }
    assert_no_drift()
    may = world.profile.reports.get(month=datetime.date(2026, 5, 1))
    services.correct_monthly_report(may, by=world.entrepreneur, revenue=9_500_000, costs=0)
    assert not EntrepreneurProfile.objects.get(pk=world.profile.pk).revenue_fell_twice
    assert_no_drift()
    # The flags compare the stored months with the one day given: May's figures are last month's
    # on 15 June; on 15 July June's are missing.
    flags = selectors.needs_attention(
        EntrepreneurProfile.objects.filter(pk=world.profile.pk), today=datetime.date(2026, 6, 15)
    ).get()
    assert not flags.figures_missing
    later = selectors.needs_attention(
        EntrepreneurProfile.objects.filter(pk=world.profile.pk), today=datetime.date(2026, 7, 15)
    ).get()
    assert later.figures_missing


def test_one_recount_serves_several_families_with_the_time_stamped(
    world, django_assert_num_queries, monkeypatch
):
    """``refresh_progress`` runs a statement compiled once per shape (ids padded to a power of two):
    three families, one of them waiting for a review, all counted right and stamped with one time."""
    from tests.incubator.factories import EntrepreneurProfileFactory

    others = [EntrepreneurProfileFactory(), EntrepreneurProfileFactory()]
    submit(first(world), world.entrepreneur)
    families = [world.profile, *others]
    EntrepreneurProfile.objects.filter(pk__in=[p.pk for p in families]).update(
        required_total=99, waiting=7, oldest_waiting=None
    )
    at = datetime.datetime(2026, 12, 5, 3, 4, 5, tzinfo=datetime.UTC)
    with django_assert_num_queries(2):  # the locks, the recount
        services.refresh_progress(families, touched_at=at)
    assert_no_drift()
    assert stored(world.profile)["waiting"] == 1
    assert {
        p.last_activity_at for p in EntrepreneurProfile.objects.filter(pk__in=[p.pk for p in families])
    } == {at}
    services.refresh_progress([others[0].pk])  # another shape, no time: the stamp stays
    assert EntrepreneurProfile.objects.get(pk=others[0].pk).last_activity_at == at
    assert_no_drift()

    # Compiled once per shape: the next calls of these shapes build no query (Django spent about
    # 12 ms compiling this one on every call, for every service that changes a family's progress).
    def not_again():
        raise AssertionError("the recount was compiled again")

    monkeypatch.setattr("incubator.services._common.fresh_progress", not_again)
    services.refresh_progress([others[1]])
    services.refresh_progress(families[:3], touched_at=at)  # three ids: the four-id statement, padded
    assert_no_drift()
