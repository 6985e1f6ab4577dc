from incubator import services
from incubator.models import Milestone, MilestoneStatus, Tier, TierChange


def test_enrolment_creates_beginner_milestones_and_history(world):
    assert world.profile.tier == Tier.BEGINNER
    assert world.profile.milestones.count() == 3
    assert TierChange.objects.filter(profile=world.profile, to_tier=Tier.BEGINNER).count() == 1


def test_full_path_to_developing(world):
    for m in Milestone.objects.filter(profile=world.profile, template__order=1):
        m = services.submit_evidence(m, by=world.entrepreneur, text="Sudah")
        services.verify_milestone(m, by=world.mentor, expected_version=m.version)
    m2 = Milestone.objects.get(profile=world.profile, template__order=2)
    assert not services.promotion_eligibility(world.profile).eligible
    assert m2.status == MilestoneStatus.NOT_STARTED
