"""``seed_demo --scale N``: N families with companions, tiers, milestones and their history, reports,
in a fixed number of queries."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from incubator.demo_scale import COHORT, REGENCIES, WORKING, seed_scale
from incubator.models import (
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    GraduationWatch,
    MentorProfile,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    ProgramExit,
    PromotionRequest,
    Tier,
    TierChange,
)
from incubator.program_data import load_program

pytestmark = pytest.mark.django_db


def test_a_small_scale_program_has_every_part():
    assert seed_scale(50) == 50
    families = EntrepreneurProfile.objects.filter(cohort__name=COHORT)
    assert families.count() == 50
    assert set(families.values_list("tier", flat=True)) == set(Tier.values)  # every tier, graduates too
    assert families.values("regency").distinct().count() == 5
    assert MentorProfile.objects.filter(kind="business_mentor").count() == 2  # 50 // 25
    assert MentorProfile.objects.exclude(kind="business_mentor").count() == 6  # 3 × 50 // 25
    assert CompanionAssignment.objects.current().count() == 100  # a mentor and a social companion each
    assert MonthlyReport.objects.count() == 150
    assert MonthlyReport.objects.filter(verified_at__isnull=False).count() == 100
    assert GraduationWatch.objects.count() == families.filter(tier=Tier.GRADUATED).count() > 0
    assert ProgramExit.objects.count() == 1  # one family in fifty
    profits = set(MonthlyReport.objects.values_list("profit", flat=True))
    assert len(profits) > 20  # figures differ (sector and noise), not one copied number


def test_scale_writes_in_bulk_and_runs_once():
    load_program()  # the milestone paths: each family's milestones and their history are written too
    with CaptureQueriesContext(connection) as small:
        seed_scale(10)
    CompanionAssignment.objects.all().delete()  # a fresh start: the companions' rows protect them
    User.objects.filter(username__startswith="skala-").delete()
    with CaptureQueriesContext(connection) as large:
        seed_scale(60)
    assert len(large) <= len(small) + 3  # a fixed number of queries, whatever the size
    assert seed_scale(60) == 0  # again: nothing added
    assert EntrepreneurProfile.objects.filter(cohort__name=COHORT).count() == 60
    assert Milestone.objects.filter(profile__cohort__name=COHORT).count() > 60 * 5


def _fresh_start():
    CompanionAssignment.objects.all().delete()  # the companions' rows protect them
    User.objects.filter(username__startswith="skala-").delete()


def test_the_number_of_statements_does_not_grow_with_the_families():
    """Every kind of row (milestones, their events, promotions, tier changes, watches, exits) is
    written by both sizes, each table in one statement: the same count for 40 and for 200 families."""
    load_program()
    seed_scale(5)  # the regions, thresholds and cohort: made once, then only found
    counts = {}
    for size in (40, 200):
        _fresh_start()
        with CaptureQueriesContext(connection) as queries:
            assert seed_scale(size) == size
        counts[size] = len(queries)
        family = EntrepreneurProfile.objects.filter(cohort__name=COHORT)
        assert Milestone.objects.filter(profile__in=family).count() > size * 5
        assert MilestoneEvent.objects.filter(milestone__profile__in=family).count() > size
        assert PromotionRequest.objects.filter(profile__in=family, status="pending").exists()
        assert TierChange.objects.filter(profile__in=family, promotion__isnull=False).exists()
        assert GraduationWatch.objects.filter(profile__in=family).exists()
    assert counts[40] == counts[200], counts


def test_every_scale_family_has_milestones_and_a_tier_history_that_fit_its_tier():
    load_program()
    seed_scale(150)
    templates = {t: set(MilestoneTemplate.objects.filter(tier=t, is_active=True)) for t in WORKING}
    families = EntrepreneurProfile.objects.filter(cohort__name=COHORT).prefetch_related(
        "tier_changes__promotion", "milestones__events", "milestones__template", "assignments"
    )
    placed, promoted, states, waiting_days = set(), 0, set(), []
    for profile in families:
        # Tier history: a placement at intake, then each approved promotion, ending in the current tier.
        changes = sorted(profile.tier_changes.all(), key=lambda c: c.changed_at)
        assert changes[0].from_tier == "" and changes[0].promotion is None
        placed.add(changes[0].to_tier)
        for before, after in itertools.pairwise(changes):
            assert after.from_tier == before.to_tier and after.changed_at > before.changed_at
            assert after.promotion.status == "approved" and after.promotion.to_tier == after.to_tier
        assert changes[-1].to_tier == profile.tier and changes[-1].changed_at == profile.tier_since
        promoted += len(changes) > 1
        held = [c.to_tier for c in changes if c.to_tier != Tier.GRADUATED]
        # Milestones: every step of every tier held (and no other); the tiers left have their
        # required steps verified before the family moved on.
        milestones = list(profile.milestones.all())
        assert {m.template for m in milestones} == set().union(*(templates[t] for t in held))
        mentor = next(a.companion_id for a in profile.assignments.all() if a.role == CompanionRole.MENTOR)
        left_at = {c.from_tier: c.changed_at for c in changes[1:]}
        for m in milestones:
            events = sorted(m.events.all(), key=lambda e: (e.created_at, e.pk))
            if m.status == MilestoneStatus.NOT_STARTED:
                assert not events and m.version == 0
                assert not (m.tier in left_at and m.template.is_required)
                continue
            # The review history as the services write it: a chain from "not started" to the status.
            assert events[0].from_status == MilestoneStatus.NOT_STARTED and events[-1].to_status == m.status
            for before, after in itertools.pairwise(events):
                assert after.from_status == before.to_status
            sent = [
                e for e in events if e.to_status in (MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED)
            ]
            assert m.version == len(sent) and m.submitted_at == sent[-1].created_at and m.evidence_text
            for e in events:
                if e.to_status in (MilestoneStatus.VERIFIED, MilestoneStatus.CHANGES_REQUESTED):
                    assert e.actor_id == mentor != m.submitted_by_id
                elif e.actor_id != profile.user_id:
                    assert e.on_behalf_of_id == profile.user_id  # the social companion, for the family
            if m.tier in left_at:
                assert m.status == MilestoneStatus.VERIFIED and m.reviewed_at < left_at[m.tier]
            else:
                states.add(m.status)
                if m.awaits_review:
                    waiting_days.append((timezone.now() - m.submitted_at).days)
    assert placed == set(WORKING)  # placed in every group at intake, not a ladder from the bottom
    assert promoted > 20
    assert {"verified", "submitted", "resubmitted", "changes_requested"} <= states
    assert min(waiting_days) < 7 < max(waiting_days)  # fresh submissions and some waiting too long
    assert PromotionRequest.objects.filter(status="pending", profile__cohort__name=COHORT).exists()
    assert not MilestoneEvent.objects.filter(created_at__gt=timezone.now()).exists()  # all in the past


def test_scale_graduates_are_followed_and_the_figures_fit_the_tiers():
    seed_scale(100)
    umk = dict(REGENCIES)
    watches = GraduationWatch.objects.select_related("tier_change", "profile__regency")
    assert watches.count() == EntrepreneurProfile.objects.filter(tier=Tier.GRADUATED).count() > 0
    for watch in watches:
        change = watch.tier_change
        assert change.to_tier == Tier.GRADUATED and change.from_tier == watch.from_tier != Tier.BEGINNER
        assert watch.graduated_on == timezone.localdate(change.changed_at)
        check_ins = MonthlyReport.objects.filter(profile=watch.profile, month__gt=watch.graduated_on)
        assert 1 <= check_ins.count() <= 2  # a check-in or two of the watch so far
        earlier = MonthlyReport.objects.filter(profile=watch.profile, month__lte=watch.graduated_on)
        assert all(p >= umk[watch.profile.regency.name] for p in earlier.values_list("profit", flat=True))
    for profile in EntrepreneurProfile.objects.filter(tier=Tier.BEGINNER).select_related("regency"):
        profits = MonthlyReport.objects.filter(profile=profile).values_list("profit", flat=True)
        assert max(profits) < umk[profile.regency.name]


def test_the_command_refuses_an_absurd_scale():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", force=True, scale=-3, stdout=io.StringIO())
