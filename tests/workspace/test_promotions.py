"""The promotion queue: managers approve or decline what mentors recommend, once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from incubator import services
from incubator.models import MilestoneStatus, PromotionRequest, Tier, TierChange
from tests.factories import UserFactory
from tests.factories.workspace import (
    assign_mentor,
    build_program,
    english_admin,  # noqa: F401  (a fixture)
)
from tests.incubator.factories import EntrepreneurProfileFactory, MilestoneFactory, MonthlyReportFactory
from workspace.permissions import CONTENT_EDITOR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def program():
    return build_program()


def recommended(program, business_name="Keripik Bu Sri") -> PromotionRequest:
    profile = program.enroll(business_name)
    assign_mentor(program, profile)
    for milestone in profile.milestones.filter(template__is_required=True):
        milestone = services.submit_evidence(milestone, by=profile.user, text="Buku kas sebulan penuh.")
        services.verify_milestone(milestone, by=program.mentor, expected_version=milestone.version)
    return services.recommend_promotion(profile, by=program.mentor, note="Siap naik.")


def decide(client, request, decision, **data):
    return client.post(reverse("workspace_promotions:decide", args=[request.pk, decision]), data, follow=True)


def test_queue_lists_pending_requests_with_their_eligibility(client, program):
    request = recommended(program)
    client.force_login(program.manager)
    html = client.get(reverse("workspace_promotions:index")).content.decode()
    assert "Keripik Bu Sri" in html
    assert str(program.mentor) in html
    assert "Siap naik." in html
    # Approving goes through a confirmation page (issue 14): the queue links to it.
    assert reverse("workspace_promotions:confirm", args=[request.pk]) in html


def test_approve_moves_the_tier_and_a_second_approval_changes_nothing(client, program):
    request = recommended(program)
    client.force_login(program.manager)
    response = decide(client, request, "approve")
    assert response.status_code == 200
    profile = request.profile
    profile.refresh_from_db()
    assert profile.tier == Tier.DEVELOPING
    assert TierChange.objects.filter(profile=profile, promotion=request).count() == 1

    response = decide(client, request, "approve")  # double click, or a second manager's stale page
    assert "already decided" in response.content.decode()
    profile.refresh_from_db()
    assert profile.tier == Tier.DEVELOPING
    assert TierChange.objects.filter(profile=profile).count() == 2  # enrolment + one promotion


def test_decline_needs_a_reason(client, program):
    request = recommended(program)
    client.force_login(program.manager)
    response = decide(client, request, "decline", reason="  ")
    assert "reason" in response.content.decode().lower()
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.PENDING

    decide(client, request, "decline", reason="Pembukuan belum rapi.")
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.DECLINED
    assert request.decision_reason == "Pembukuan belum rapi."
    response = decide(client, request, "approve")
    assert "already decided" in response.content.decode()
    request.profile.refresh_from_db()
    assert request.profile.tier == Tier.BEGINNER


def test_decisions_are_post_only(client, program):
    request = recommended(program)
    client.force_login(program.manager)
    response = client.get(reverse("workspace_promotions:decide", args=[request.pk, "approve"]))
    assert response.status_code == 405
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.PENDING


def test_decision_view_checks_its_own_permission(client, program):
    request = recommended(program)
    editor = UserFactory()
    roles.add_role(editor, CONTENT_EDITOR)
    client.force_login(editor)
    response = client.post(reverse("workspace_promotions:decide", args=[request.pk, "approve"]))
    assert response.status_code in (302, 403)
    request.refresh_from_db()
    assert request.status == PromotionRequest.Status.PENDING


def test_graduation_row_compares_average_verified_profit_with_the_umk(client, program):
    profile = EntrepreneurProfileFactory(
        province=program.province, regency=program.regency, cohort=program.cohort, tier=Tier.ADVANCED
    )
    assign_mentor(program, profile)
    for template in program.templates[Tier.ADVANCED]:
        MilestoneFactory(profile=profile, template=template, status=MilestoneStatus.VERIFIED)
    for month, profit in [(8, 4_500_000), (9, 5_000_000), (10, 5_500_000)]:
        MonthlyReportFactory(
            profile=profile,
            month=datetime.date(2026, month, 1),
            revenue=profit + 1_000_000,
            costs=1_000_000,
            verified_at=timezone.now(),
            verified_by=program.mentor,
        )
    services.recommend_promotion(profile, by=program.mentor)
    client.force_login(program.manager)
    html = client.get(reverse("workspace_promotions:index")).content.decode()
    assert "Rp 5.000.000" in html  # average verified profit
    assert "Rp 4.000.000" in html  # the regency's UMK


def test_the_approval_message_says_moved_up_or_graduated(client, program):
    # P7: a graduation was reported as "… naik tingkat." instead of "lulus".
    request = recommended(program)
    client.force_login(program.manager)
    shown = [str(m) for m in decide(client, request, "approve").context["messages"]]
    assert any(m.endswith("moved up.") for m in shown), shown

    profile = EntrepreneurProfileFactory(
        province=program.province, regency=program.regency, cohort=program.cohort, tier=Tier.ADVANCED
    )
    assign_mentor(program, profile)
    for template in program.templates[Tier.ADVANCED]:
        MilestoneFactory(profile=profile, template=template, status=MilestoneStatus.VERIFIED)
    for month in (8, 9, 10):
        MonthlyReportFactory(
            profile=profile,
            month=datetime.date(2026, month, 1),
            revenue=6_000_000,
            costs=1_000_000,
            verified_at=timezone.now(),
            verified_by=program.mentor,
        )
    graduation = services.recommend_promotion(profile, by=program.mentor)
    assert graduation.to_tier == Tier.GRADUATED
    shown = [str(m) for m in decide(client, graduation, "approve").context["messages"]]
    assert any(m.endswith("graduated.") for m in shown) and not any("moved up" in m for m in shown), shown
