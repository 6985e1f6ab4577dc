import datetime
import io

from django.db.models import Count
from django.utils import timezone

from accounts import demo as account_demo
from accounts import roles
from complaints.models import Category, Complaint
from incubator import demo
from incubator.models import (
    Assistance,
    AssistanceBudget,
    Cohort,
    CompanionAssignment,
    EntrepreneurProfile,
    EvidencePhoto,
    ExitReason,
    GraduationWatch,
    IncomeThreshold,
    Milestone,
    MilestoneEvent,
    MilestoneTemplate,
    MonthlyReport,
    ProgramExit,
    PromotionRequest,
    Region,
    Tier,
    TierChange,
)
from incubator.selectors import budget_line

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

    _every_screen_of_a_manager_demo_has_data()

    demo.seed(people=account_demo.seed(), stdout=io.StringIO())
    assert _counts() == first
    assert ProgramExit.objects.count() == 2 and AssistanceBudget.objects.count() == len(demo.COHORTS)


def _every_screen_of_a_manager_demo_has_data():
    # A graduate under watch: graduated months ago, the monthly reports since are its check-ins.
    watch = GraduationWatch.objects.get()
    today = timezone.localdate()
    assert watch.graduated_on <= today - datetime.timedelta(days=demo.GRADUATED_DAYS_AGO - 1)
    assert watch.ends_on > today and watch.at_umk_6_months is True
    assert timezone.localdate(watch.tier_change.changed_at) == watch.graduated_on
    # An exit still open, and one that came back: the exits screen and the report's denominators.
    out = ProgramExit.objects.get(re_entered_on__isnull=True)
    assert out.reason == ExitReason.MOVED
    back = ProgramExit.objects.get(re_entered_on__isnull=False)
    assert back.exited_on < back.re_entered_on <= today
    # BSiMU in every state and every answer of the family; "no" and "no answer" became complaints.
    delivered = Assistance.objects.filter(status=Assistance.Status.DELIVERED)
    assert set(delivered.values_list("receipt", flat=True)) == set(Assistance.Receipt.values)
    for receipt in (Assistance.Receipt.DENIED, Assistance.Receipt.UNANSWERED):
        item = delivered.get(receipt=receipt)
        assert Complaint.objects.filter(raised_by=item.profile.user, category=Category.ASSISTANCE).exists()
    # A first-visit assessment waiting in the placements queue.
    from incubator.models import IntakeAssessment

    waiting = IntakeAssessment.objects.get(status=IntakeAssessment.Status.PENDING)
    assert waiting.profile.user.phone == account_demo.ASSISTED_PHONE and waiting.suggested_tier
    # Budgets with something left to plan.
    for cohort in Cohort.objects.all():
        budget, remaining = budget_line(cohort)
        assert budget and remaining > 0
