"""Triple Power family by family: placement at intake, distance to UMK, graduation from any group,
the graduation watch, exits and milestones that complete themselves (issue 14, part A)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.notifications import user_group
from incubator import selectors, services
from incubator.errors import ExitError, NotAllowed, PlacementError, PromotionError
from incubator.models import (
    AutoRule,
    ExitReason,
    GraduationFlag,
    GraduationWatch,
    IntakeAssessment,
    Milestone,
    MilestoneStatus,
    PromotionRequest,
    Tier,
    TierChange,
)
from incubator.program_data import PlacementRule
from incubator.services.graduation import add_months
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.conftest import world_at
from tests.incubator.factories import MilestoneTemplateFactory, RegencyFactory
from tests.incubator.test_notifications import _drain

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)
RULE = PlacementRule(developing_from_percent=40, advanced_from_percent=70)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False), translation.override("en"):
        yield


# The world each test would build under that clock, built once for the module.
_world_once, world = world_at(TODAY)


def scores(value: int | list[int]) -> dict[str, int]:
    values = value if isinstance(value, list) else [value] * 6
    return {f"aspek-{n}": v for n, v in enumerate(values, start=1)}


def assess(world, by=None, score=2, **kw):
    fields = {"baseline_revenue": 3_000_000, "baseline_costs": 1_800_000, "baseline_workers": 1}
    fields.update(kw)
    return services.record_intake_assessment(
        world.profile, by=by or world.mentor, scores=scores(score), **fields
    )


def reports(world, profits, start=datetime.date(2026, 9, 1), verify=True):
    made = []
    for i, profit in enumerate(profits):
        month = add_months(start, i)
        report = services.record_monthly_report(
            world.profile, by=world.entrepreneur, month=month, revenue=profit + 1_000_000, costs=1_000_000
        )
        if verify:
            services.verify_monthly_report(report, by=world.mentor)
        made.append(report)
    return made


# ---------------------------------------------------------------- the suggested group (pure)


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        (0, Tier.BEGINNER),
        (7, Tier.BEGINNER),
        (8, Tier.DEVELOPING),
        (12, Tier.DEVELOPING),
        (13, Tier.ADVANCED),
    ],
)
def test_suggested_group_follows_the_total_thresholds(total, tier):
    # 18 points: developing from ceil(40 % of 18) = 8, advanced from ceil(70 % of 18) = 13
    assert services.suggest_tier(total, 18, RULE) == tier
    assert "below 8 Beginner" in services.placement_thresholds(18, RULE).text


def test_the_default_rule_comes_from_the_yaml_file():
    thresholds = services.placement_thresholds(18)
    assert (thresholds.developing_from, thresholds.advanced_from) == (8, 13)


# ---------------------------------------------------------------- intake and placement


def test_companion_records_an_assessment_with_baseline_and_suggestion(world, aspects):
    a = assess(world, by=world.social, score=2)
    assert (a.total, a.max_total, a.suggested_tier) == (12, 18, Tier.DEVELOPING)
    assert a.status == IntakeAssessment.Status.PENDING
    assert (a.baseline_revenue, a.baseline_costs, a.baseline_workers) == (3_000_000, 1_800_000, 1)
    assert a.assessed_on == datetime.date(2026, 12, 5) and a.assessed_by == world.social


def test_a_stranger_cannot_assess_and_a_manager_only_in_their_area(world, aspects):
    with pytest.raises(NotAllowed):
        assess(world, by=EntrepreneurUserFactory())
    with pytest.raises(NotAllowed):
        assess(world, by=ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut")))
    assert not IntakeAssessment.objects.exists()
    assert assess(world, by=ManagerUserFactory(area=world.regency)).pk


@pytest.mark.parametrize(
    "bad",
    [
        {"scores": {"aspek-1": 4}},
        {"scores": {**scores(1), "aspek-9": 1}},
        {"scores": {**scores(1), "aspek-2": "x"}},
        {"baseline_revenue": -5},
        {"baseline_workers": "banyak"},
    ],
)
def test_bad_intake_input_is_refused_and_saves_nothing(world, aspects, bad):
    fields = {"scores": scores(1), "baseline_revenue": 1_000_000, "baseline_costs": 0}
    fields.update(bad)
    with pytest.raises(PlacementError):
        services.record_intake_assessment(world.profile, by=world.mentor, **fields)
    assert not IntakeAssessment.objects.exists()


def test_a_reassessment_keeps_history_and_supersedes_the_waiting_one(world, aspects):
    first = assess(world, score=1)
    second = assess(world, score=3)
    first.refresh_from_db()
    assert first.status == IntakeAssessment.Status.SUPERSEDED
    assert second.suggested_tier == Tier.ADVANCED
    with pytest.raises(PlacementError, match="already decided"):
        services.confirm_placement(first, by=world.manager, tier=Tier.BEGINNER)


def test_manager_confirms_developing_and_the_family_starts_on_its_path(world, aspects):
    a = assess(world, score=2)
    a = services.confirm_placement(a, by=world.manager, tier=Tier.DEVELOPING)
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.DEVELOPING
    assert a.status == IntakeAssessment.Status.CONFIRMED and a.placed_tier == Tier.DEVELOPING
    change = TierChange.objects.filter(profile=world.profile).last()
    assert (change.from_tier, change.to_tier, change.placement) == (Tier.BEGINNER, Tier.DEVELOPING, a)
    assert Milestone.objects.filter(profile=world.profile, tier=Tier.DEVELOPING).count() == 3
    with pytest.raises(PlacementError, match="already decided"):
        services.confirm_placement(a, by=world.manager, tier=Tier.DEVELOPING)


def test_another_group_than_suggested_needs_a_reason(world, aspects):
    a = assess(world, score=2)
    with pytest.raises(PlacementError, match="reason"):
        services.confirm_placement(a, by=world.manager, tier=Tier.ADVANCED)
    a.refresh_from_db()
    assert a.status == IntakeAssessment.Status.PENDING
    a = services.confirm_placement(a, by=world.manager, tier=Tier.BEGINNER, reason="Usaha baru mulai lagi")
    assert a.is_override and a.override_reason == "Usaha baru mulai lagi"
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.BEGINNER


def test_only_a_manager_of_the_area_confirms(world, aspects):
    a = assess(world)
    for who in (world.mentor, ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut"))):
        with pytest.raises(NotAllowed):
            services.confirm_placement(a, by=who, tier=Tier.DEVELOPING)
    with pytest.raises(PlacementError):
        services.confirm_placement(a, by=world.manager, tier=Tier.GRADUATED)
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.BEGINNER


def test_enrolment_takes_a_starting_tier_from_a_manager_only(world):
    user = EntrepreneurUserFactory()
    profile = world.enroll(user, by=world.manager, tier=Tier.DEVELOPING)
    assert profile.tier == Tier.DEVELOPING
    assert set(profile.milestones.values_list("tier", flat=True)) == {Tier.DEVELOPING}
    assert profile.tier_changes.get().to_tier == Tier.DEVELOPING
    with pytest.raises(NotAllowed):
        world.enroll(EntrepreneurUserFactory(), tier=Tier.ADVANCED)


# ---------------------------------------------------------------- distance to UMK


def test_distance_to_umk_states_the_gap_or_that_it_is_reached(world):
    d = selectors.umk_distance(world.profile)
    assert d.average_profit is None and "3 more verified monthly reports" in d.message
    reports(world, [3_000_000, 3_500_000, 4_000_000], start=datetime.date(2026, 6, 1))  # 3.5 M < 4 M
    d = selectors.umk_distance(world.profile)
    assert (d.average_profit, d.threshold, d.gap) == (3_500_000, 4_000_000, 500_000)
    assert d.message == f"Rp 500.000 more a month to reach the UMK of {world.regency.name}"
    reports(world, [5_000_000, 5_000_000])  # last three: 4, 5, 5 million
    d = selectors.umk_distance(world.profile)
    assert d.reached and d.message == f"At or above the UMK of {world.regency.name}"


def test_unverified_reports_do_not_count_towards_the_distance(world):
    reports(world, [9_000_000] * 3, verify=False)
    assert selectors.umk_distance(world.profile).average_profit is None


def test_distance_for_a_list_takes_the_same_queries_for_one_or_many(world):
    reports(world, [3_000_000] * 3)
    others = [world.enroll(EntrepreneurUserFactory()) for _ in range(4)]
    with CaptureQueriesContext(connection) as one:
        selectors.umk_distances([world.profile])
    with CaptureQueriesContext(connection) as many:
        distances = selectors.umk_distances([world.profile, *others])
    assert len(one) == len(many) == 2
    assert distances[world.profile.pk].average_profit == 3_000_000


# ---------------------------------------------------------------- graduation from any group


def place(world, aspects, tier=Tier.DEVELOPING):
    services.confirm_placement(assess(world, score=2), by=world.manager, tier=tier)
    world.profile.refresh_from_db()


def test_graduation_from_developing_when_the_income_rule_holds(world, aspects):
    place(world, aspects)
    assert not services.graduation_eligibility(world.profile).eligible
    reports(world, [3_000_000] * 3, start=datetime.date(2026, 6, 1))
    with pytest.raises(PromotionError, match="below the regional threshold"):
        services.recommend_graduation(world.profile, by=world.mentor)
    reports(world, [4_000_000] * 3)  # September to November: exactly the UMK
    eligibility = services.graduation_eligibility(world.profile)
    assert eligibility.eligible and eligibility.missing == []  # the Developing milestones are not asked
    request = services.recommend_graduation(world.profile, by=world.mentor)
    assert services.eligibility_for(request).eligible


def test_only_the_business_mentor_recommends_graduation_and_a_manager_of_the_area_approves(world, aspects):
    place(world, aspects)
    reports(world, [4_500_000] * 3)
    with pytest.raises(NotAllowed):
        services.recommend_graduation(world.profile, by=world.social)
    request = services.recommend_graduation(world.profile, by=world.mentor, note="Sudah di atas UMK")
    assert (request.from_tier, request.to_tier) == (Tier.DEVELOPING, Tier.GRADUATED)
    with pytest.raises(NotAllowed):
        services.approve_promotion(
            request, by=ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut"))
        )
    change = services.approve_promotion(request, by=world.manager)
    world.profile.refresh_from_db()
    assert world.profile.tier == Tier.GRADUATED and change.from_tier == Tier.DEVELOPING
    watch = GraduationWatch.objects.get(profile=world.profile)
    assert (watch.graduated_on, watch.ends_on) == (datetime.date(2026, 12, 5), datetime.date(2027, 12, 5))
    assert watch.from_tier == Tier.DEVELOPING


def test_the_watch_length_is_a_setting(world, aspects, settings):
    settings.TUMBUH_GRADUATION_WATCH_MONTHS = 6
    place(world, aspects)
    reports(world, [4_500_000] * 3)
    services.approve_promotion(
        services.recommend_graduation(world.profile, by=world.mentor), by=world.manager
    )
    assert GraduationWatch.objects.get().ends_on == datetime.date(2027, 6, 5)


# ---------------------------------------------------------------- the graduation watch


def graduate(world, aspects):
    place(world, aspects)
    reports(world, [4_500_000] * 3)
    services.approve_promotion(
        services.recommend_graduation(world.profile, by=world.mentor), by=world.manager
    )
    world.profile.refresh_from_db()


def check_in(world, month, profit):
    return services.record_monthly_report(
        world.profile, by=world.social, month=month, revenue=profit + 500_000, costs=500_000
    )


def test_two_months_below_umk_raise_a_flag_and_tell_the_companions(
    world, aspects, django_capture_on_commit_callbacks
):
    graduate(world, aspects)
    with time_machine.travel(datetime.datetime(2027, 3, 10, tzinfo=datetime.UTC), tick=False):
        layer = get_channel_layer()  # joined at the travelled time: the in-memory layer expires groups
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(world.social.pk), channel)
        with django_capture_on_commit_callbacks(execute=True):
            check_in(world, "2027-01", 3_000_000)
        assert not GraduationFlag.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            check_in(world, "2027-02", 3_500_000)
        events = [e for e in _drain(layer, channel) if e["type"] == "graduation.below_umk"]
    flag = GraduationFlag.objects.get()
    assert flag.months == ["2027-01-01", "2027-02-01"] and flag.threshold == 4_000_000
    assert len(events) == 1 and events[0]["profile"] == world.profile.pk


def test_one_month_below_then_above_raises_nothing(world, aspects):
    graduate(world, aspects)
    with time_machine.travel(datetime.datetime(2027, 3, 10, tzinfo=datetime.UTC), tick=False):
        check_in(world, "2027-01", 3_000_000)
        check_in(world, "2027-02", 4_200_000)
    assert not GraduationFlag.objects.exists()


def test_check_ins_after_the_watch_raise_nothing(world, aspects, settings):
    settings.TUMBUH_GRADUATION_WATCH_MONTHS = 1
    graduate(world, aspects)
    with time_machine.travel(datetime.datetime(2027, 4, 10, tzinfo=datetime.UTC), tick=False):
        check_in(world, "2027-02", 1_000_000)
        check_in(world, "2027-03", 1_000_000)
    assert not GraduationFlag.objects.exists()


def test_the_6_and_12_month_check_ins_are_recorded(world, aspects):
    graduate(world, aspects)
    with time_machine.travel(datetime.datetime(2028, 1, 10, tzinfo=datetime.UTC), tick=False):
        check_in(world, "2027-06", 4_100_000)
        check_in(world, "2027-12", 3_900_000)
    watch = GraduationWatch.objects.get()
    assert (watch.at_umk_6_months, watch.at_umk_12_months) == (True, False)


def test_a_manager_reopens_support_after_a_flag(world, aspects):
    graduate(world, aspects)
    with time_machine.travel(datetime.datetime(2027, 3, 10, tzinfo=datetime.UTC), tick=False):
        check_in(world, "2027-01", 1_000_000)
        check_in(world, "2027-02", 1_000_000)
        flag = GraduationFlag.objects.get()
        with pytest.raises(NotAllowed):
            services.reopen_support(
                flag, by=ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut")), reason="x"
            )
        with pytest.raises(PromotionError):
            services.reopen_support(flag, by=world.manager, reason=" ")
        services.reopen_support(flag, by=world.manager, reason="Omzet turun, pendampingan lagi")
        world.profile.refresh_from_db()
        assert world.profile.tier == Tier.DEVELOPING
        flag.refresh_from_db()
        assert flag.resolved_by == world.manager
        assert GraduationWatch.objects.get().support_reopened_at is not None
        with pytest.raises(PromotionError, match="already resolved"):
            services.reopen_support(flag, by=world.manager, reason="lagi")


# ---------------------------------------------------------------- exits


def test_exit_with_reason_and_re_entry_keep_history(world):
    e = services.record_exit(
        world.profile, by=world.manager, reason=ExitReason.MOVED, exited_on=datetime.date(2026, 12, 5)
    )
    assert e.reason == ExitReason.MOVED
    with pytest.raises(ExitError, match="already left"):
        services.record_exit(
            world.profile, by=world.manager, reason="withdrew", exited_on=datetime.date(2026, 12, 1)
        )
    with pytest.raises(ExitError, match="between"):
        services.re_enter(world.profile, by=world.manager, reason="Kembali", on=datetime.date(2026, 12, 4))
    with pytest.raises(ExitError, match="reason"):
        services.re_enter(world.profile, by=world.manager, reason="  ")
    back = services.re_enter(world.profile, by=world.manager, reason="Pindah kembali ke desa")
    assert back.re_entry_reason == "Pindah kembali ke desa"
    again = services.record_exit(
        world.profile,
        by=world.manager,
        reason=ExitReason.BUSINESS_CLOSED,
        exited_on=datetime.date(2026, 12, 5),
    )
    assert world.profile.exits.count() == 2 and again.re_entered_on is None


@pytest.mark.parametrize(
    ("reason", "day"),
    [
        ("bankrupt", datetime.date(2026, 12, 1)),
        ("moved", datetime.date(2026, 12, 6)),
        ("moved", datetime.date(2000, 1, 1)),
    ],
)
def test_bad_exits_are_refused(world, reason, day):
    with pytest.raises(ExitError):
        services.record_exit(world.profile, by=world.manager, reason=reason, exited_on=day)
    assert not world.profile.exits.exists()


def test_only_a_manager_of_the_area_records_exits(world):
    for who in (world.mentor, ManagerUserFactory(area=RegencyFactory(name="Kabupaten Garut"))):
        with pytest.raises(NotAllowed):
            services.record_exit(world.profile, by=who, reason="moved", exited_on=datetime.date(2026, 12, 1))


def test_an_exit_declines_the_waiting_recommendation_and_blocks_placement(world, aspects):
    reports(world, [4_500_000] * 3)
    request = services.recommend_graduation(world.profile, by=world.mentor)
    a = assess(world)
    services.record_exit(
        world.profile, by=world.manager, reason="deceased", exited_on=datetime.date(2026, 12, 5)
    )
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.DECLINED
    with pytest.raises(PlacementError, match="left the program"):
        services.confirm_placement(a, by=world.manager, tier=Tier.DEVELOPING)
    with pytest.raises(PromotionError, match="left the program"):
        services.recommend_graduation(world.profile, by=world.mentor)


# ---------------------------------------------------------------- milestones that complete themselves


def test_three_consecutive_verified_reports_complete_the_milestone(world):
    template = MilestoneTemplateFactory(
        tier=Tier.BEGINNER, order=9, asks_photos=0, auto_rule=AutoRule.THREE_VERIFIED_REPORTS
    )
    services.complete_automatic_milestones(world.profile)  # nothing yet
    reports(world, [1_000_000, 1_000_000])
    reports(world, [1_000_000], start=datetime.date(2026, 12, 1))  # a gap in November
    milestone = Milestone.objects.get_or_create(profile=world.profile, template=template, tier=Tier.BEGINNER)[
        0
    ]
    services.complete_automatic_milestones(world.profile)
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.NOT_STARTED
    reports(world, [1_000_000], start=datetime.date(2026, 11, 1))  # now Sep..Dec without a gap
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.VERIFIED
    assert milestone.events.last().comment.startswith("Verified automatically")


def test_placement_completes_a_milestone_whose_proof_exists(world, aspects):
    MilestoneTemplateFactory(
        tier=Tier.DEVELOPING, order=9, asks_photos=0, auto_rule=AutoRule.THREE_VERIFIED_REPORTS
    )
    reports(world, [1_000_000] * 3)
    place(world, aspects)
    m = Milestone.objects.get(profile=world.profile, template__auto_rule=AutoRule.THREE_VERIFIED_REPORTS)
    assert m.status == MilestoneStatus.VERIFIED


def test_a_finished_course_completes_a_first_course_milestone(world):
    template = MilestoneTemplateFactory(
        tier=Tier.BEGINNER, order=9, asks_photos=0, auto_rule=AutoRule.FIRST_COURSE
    )
    Milestone.objects.create(profile=world.profile, template=template, tier=Tier.BEGINNER)
    [done] = services.course_finished(user=world.entrepreneur)
    assert done.status == MilestoneStatus.VERIFIED
    assert services.course_finished(user=world.entrepreneur) == []


# ---------------------------------------------------------------- the program report


def test_program_report_counts_exits_by_reason_and_leaves_them_out_of_participants(world):
    from workspace.program_report import program_report

    before = program_report()["participants"]["total"]
    services.record_exit(
        world.profile, by=world.manager, reason="moved", exited_on=datetime.date(2026, 12, 5)
    )
    report = program_report()
    assert report["participants"]["total"] == before - 1
    assert report["exits"]["by_reason"]["moved"] == 1 and report["exits"]["total"] == 1
    services.re_enter(world.profile, by=world.manager, reason="Kembali")
    report = program_report()
    assert report["participants"]["total"] == before and report["exits"]["total"] == 0


def test_program_report_counts_graduates_still_at_umk_after_6_and_12_months(world, aspects):
    from workspace.program_report import program_report

    graduate(world, aspects)
    with time_machine.travel(datetime.datetime(2028, 1, 10, tzinfo=datetime.UTC), tick=False):
        check_in(world, "2027-06", 4_100_000)
        check_in(world, "2027-12", 3_900_000)
        watch = program_report()["graduation_watch"]
    assert watch == {
        "graduates": 1,
        "checked_6_months": 1,
        "at_umk_6_months": 1,
        "checked_12_months": 1,
        "at_umk_12_months": 0,
    }
