"""Shared set-up for the workspace tests (program manager's admin)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone, translation

from accounts.models import User
from incubator import services
from incubator.models import Cohort, CompanionRole, EntrepreneurProfile, MilestoneTemplate, Region, Tier
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import (
    CohortFactory,
    DistrictFactory,
    IncomeThresholdFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
    SocialCompanionProfileFactory,
)


@dataclass
class Program:
    manager: User
    mentor: User
    social: User
    province: Region
    regency: Region
    district: Region
    cohort: Cohort
    templates: dict[str, list[MilestoneTemplate]] = field(default_factory=dict)

    def enroll(
        self, business_name: str = "Keripik Bu Sri", cohort: Cohort | None = None, **kw
    ) -> EntrepreneurProfile:
        user = kw.pop("user", None) or EntrepreneurUserFactory()
        return services.enroll_entrepreneur(
            user,
            by=self.manager,
            cohort=cohort or self.cohort,
            province=self.province,
            regency=self.regency,
            district=kw.pop("district", self.district),
            business_name=business_name,
            sector=kw.pop("sector", "food"),
            consent=True,
            **kw,
        )

    def bulk_profiles(self, n: int, tier: str = Tier.BEGINNER) -> None:
        """``n`` profiles written in bulk (no rules): for scale tests."""
        users = User.objects.bulk_create(
            [
                User(username=f"bulk{tier}{i}", email=f"bulk{tier}{i}@example.test", full_name=f"Bulk {i}")
                for i in range(n)
            ]
        )
        now = timezone.now()
        EntrepreneurProfile.objects.bulk_create(
            [
                EntrepreneurProfile(
                    user=user,
                    cohort=self.cohort,
                    province=self.province,
                    regency=self.regency,
                    business_name=f"Usaha {user.username}",
                    sector="food",
                    tier=tier,
                    tier_since=now,
                    enrolled_on=datetime.date(2026, 1, 1),
                )
                for user in users
            ]
        )


def build_program() -> Program:
    district = DistrictFactory()
    regency = district.parent
    IncomeThresholdFactory(regency=regency, monthly_amount=4_000_000)
    templates = {}
    for tier in (Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED):
        templates[tier] = [
            MilestoneTemplateFactory(tier=tier, order=1, asks_photos=0),
            MilestoneTemplateFactory(tier=tier, order=2, asks_photos=0, is_required=False),
        ]
    return Program(
        manager=ManagerUserFactory(),
        mentor=MentorProfileFactory(capacity=2).user,
        social=SocialCompanionProfileFactory().user,
        province=regency.parent,
        regency=regency,
        district=district,
        cohort=CohortFactory(name="ProKUS 2026 — Kota Bandung", region=regency),
        templates=templates,
    )


def assign_mentor(program: Program, profile: EntrepreneurProfile) -> None:
    services.assign_companion(profile, program.mentor, role=CompanionRole.MENTOR, by=program.manager)


@pytest.fixture
def english_admin(settings):
    """Assert on the English messages. Outside /en/ the site (and the admin) answer in the default
    language, so the default becomes English for these tests."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
