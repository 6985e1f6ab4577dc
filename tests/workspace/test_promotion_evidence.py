"""The promotion queue opens the evidence, confirms before approving, and reads eligibility in one batch."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from incubator import services
from incubator.models import (
    EntrepreneurProfile,
    Milestone,
    MilestoneStatus,
    MonthlyReport,
    PromotionRequest,
    Tier,
)
from incubator.selectors import promotion_eligibility_batch
from tests.factories import ManagerUserFactory
from tests.factories.workspace import (
    assign_mentor,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import RegencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

NOW = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def program():
    with time_machine.travel(NOW, tick=False):
        yield build_program()


def recommended(program, business_name="Keripik Bu Sri") -> PromotionRequest:
    profile = program.enroll(business_name)
    assign_mentor(program, profile)
    for milestone in profile.milestones.filter(template__is_required=True):
        milestone = services.submit_evidence(milestone, by=profile.user, text="Buku kas sebulan penuh.")
        services.verify_milestone(milestone, by=program.mentor, expected_version=milestone.version)
    return services.recommend_promotion(profile, by=program.mentor, note="Siap naik.")


def test_each_row_opens_the_evidence_and_approving_goes_through_a_confirmation(client, program):
    request = recommended(program)
    client.force_login(program.manager)
    html = client.get(reverse("workspace_promotions:index")).content.decode()
    record = reverse("workspace_participants:record", args=[request.profile_id])
    assert f"{record}#milestones" in html
    confirm = reverse("workspace_promotions:confirm", args=[request.pk])
    assert confirm in html
    # The queue itself no longer approves in one click.
    assert reverse("workspace_promotions:decide", args=[request.pk, "approve"]) not in html

    page = client.get(confirm).content.decode()
    assert "Beginner" in page and "Developing" in page  # from → to
    assert "Mentoring Model" in page  # what the new group brings
    assert program.templates[Tier.DEVELOPING][0].title in page  # the new tier's milestones
    assert f"{record}#milestones" in page
    assert reverse("workspace_promotions:decide", args=[request.pk, "approve"]) in page
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.PENDING  # opening the page changes nothing


def test_the_confirmation_of_a_family_outside_the_area_is_not_found(client, program):
    request = recommended(program)
    client.force_login(ManagerUserFactory(area=RegencyFactory(name="Kabupaten Klaten")))
    assert client.get(reverse("workspace_promotions:confirm", args=[request.pk])).status_code == 404


def _advanced(program, name: str, profits: list[int]) -> EntrepreneurProfile:
    profile = program.enroll(name)
    EntrepreneurProfile.objects.filter(pk=profile.pk).update(tier=Tier.ADVANCED)
    profile.refresh_from_db()
    for template in program.templates[Tier.ADVANCED]:
        Milestone.objects.create(profile=profile, template=template, tier=Tier.ADVANCED)
    for i, profit in enumerate(profits):
        MonthlyReport.objects.create(
            profile=profile,
            month=datetime.date(2026, 1 + i, 1),
            revenue=profit + 1_000_000,
            costs=1_000_000,
            verified_at=timezone.now(),
        )
    return profile


def test_the_batch_says_what_the_service_says(program):
    with time_machine.travel(NOW, tick=False):
        beginner_missing = program.enroll("Belum")
        beginner_ready = recommended(program, "Siap").profile
        few_reports = _advanced(program, "Dua laporan", [5_000_000, 5_000_000])
        below = _advanced(program, "Di bawah UMK", [1_000_000, 2_000_000, 3_000_000])
        above = _advanced(program, "Di atas UMK", [4_000_000, 5_000_000, 6_000_000])
        Milestone.objects.filter(profile=above, tier=Tier.ADVANCED).update(status=MilestoneStatus.VERIFIED)
        graduated = program.enroll("Lulus")
        EntrepreneurProfile.objects.filter(pk=graduated.pk).update(tier=Tier.GRADUATED)
        profiles = list(
            EntrepreneurProfile.objects.filter(
                pk__in=[
                    p.pk for p in (beginner_missing, beginner_ready, few_reports, below, above, graduated)
                ]
            )
        )
        batch = promotion_eligibility_batch(profiles, today=timezone.localdate())
        for profile in profiles:
            one = services.promotion_eligibility(profile)
            got = batch[profile.pk]
            assert (got.eligible, got.reasons, got.missing, got.average_profit, got.threshold) == (
                one.eligible,
                one.reasons,
                one.missing,
                one.average_profit,
                one.threshold,
            ), profile.business_name
        assert batch[above.pk].eligible
        assert not batch[below.pk].eligible


def _pending(program, n: int) -> None:
    program.bulk_profiles(n)
    PromotionRequest.objects.bulk_create(
        [
            PromotionRequest(
                profile=p, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=program.mentor
            )
            for p in EntrepreneurProfile.objects.filter(promotion_requests__isnull=True)[:n]
        ]
    )


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("workspace_promotions:index")).status_code == 200
    return len(captured)


def test_the_queue_costs_the_same_queries_for_one_row_and_for_twenty_five(client, program):
    client.force_login(program.manager)
    client.get(reverse("workspace_promotions:index"))  # warm the session
    _pending(program, 1)
    one = _queue_queries(client)
    PromotionRequest.objects.all().delete()
    bulk = EntrepreneurProfile.objects.filter(user__username__startswith="bulk")
    User.objects.filter(pk__in=list(bulk.values_list("user_id", flat=True))).delete()
    _pending(program, 25)
    assert PromotionRequest.objects.count() == 25
    assert _queue_queries(client) == one == QUEUE_QUERIES


# Wagtail's admin frame (with the menu's count of promotions waiting, P8), the count and page of
# requests, and the four queries of the batch.
QUEUE_QUERIES = 16
