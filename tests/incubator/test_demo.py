import io

from django.db.models import Count

from accounts import demo as account_demo
from accounts import roles
from incubator import demo
from incubator.models import (
    Assistance,
    CompanionAssignment,
    EntrepreneurProfile,
    EvidencePhoto,
    IncomeThreshold,
    Milestone,
    MilestoneEvent,
    MilestoneTemplate,
    MonthlyReport,
    PromotionRequest,
    Region,
    Tier,
    TierChange,
)

MODELS = [
    Region,
    IncomeThreshold,
    MilestoneTemplate,
    EntrepreneurProfile,
    CompanionAssignment,
    Milestone,
    MilestoneEvent,
    EvidencePhoto,
    MonthlyReport,
    Assistance,
    PromotionRequest,
    TierChange,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_is_believable_and_idempotent(db):
    roles.sync_groups()
    people = account_demo.seed()
    demo.seed(people=people, stdout=io.StringIO())
    first = _counts()

    tiers = dict(EntrepreneurProfile.objects.values_list("tier").annotate(n=Count("pk")))
    assert all(tiers.get(t, 0) >= 1 for t in Tier.values), tiers
    assert EntrepreneurProfile.objects.count() >= 18
    for tier in (Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED):
        assert 5 <= MilestoneTemplate.objects.filter(tier=tier).count() <= 7
    assert Milestone.objects.filter(status__in=["submitted", "resubmitted"]).exists()
    assert set(Assistance.objects.values_list("status", flat=True)) == set(Assistance.Status.values)
    assert PromotionRequest.objects.filter(status="pending").exists()
    assert MonthlyReport.objects.filter(profile__user__email="maju@tumbuh.test").count() >= 6
    for email, tier in [
        ("pemula@tumbuh.test", "beginner"),
        ("berkembang@tumbuh.test", "developing"),
        ("maju@tumbuh.test", "advanced"),
    ]:
        profile = EntrepreneurProfile.objects.get(user__email=email)
        assert profile.tier == tier
        assert profile.assignments.filter(ended_at=None).count() == 2
    maju = EntrepreneurProfile.objects.get(user__email="maju@tumbuh.test")
    assert maju.tier_changes.count() == 3  # enrolment, → developing, → advanced
    assert IncomeThreshold.objects.get(regency__name="Kota Bandung").monthly_amount == 4_482_914

    demo.seed(people=account_demo.seed(), stdout=io.StringIO())
    assert _counts() == first
