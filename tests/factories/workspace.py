"""Shared set-up for the workspace tests (program manager's admin)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone, translation

from accounts.models import User
from incubator import services
from incubator.models import (
    Assistance,
    Cohort,
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    IncomeThreshold,
    MilestoneTemplate,
    PromotionRequest,
    Region,
    Tier,
)
from tests.factories import NO_AREA, EntrepreneurUserFactory, ManagerUserFactory
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


# ---------------------------------------------------------------- regional scope


@dataclass
class AreaData:
    """One regency's slice of the program: everything a manager might list, open or act on."""

    key: str
    province: Region
    regency: Region
    cohort: Cohort
    profile: EntrepreneurProfile
    companion: User
    assignment: CompanionAssignment
    assistance: Assistance
    promotion: PromotionRequest
    threshold: IncomeThreshold

    @property
    def business(self) -> str:
        return self.profile.business_name

    @property
    def conversation(self):
        from mentoring.models import Conversation

        return Conversation.objects.get(profile=self.profile, companion=self.companion)


@dataclass
class Areas:
    """Three regencies: Alfa and Beta in Jawa Barat, Gamma in Jawa Tengah; and four managers."""

    alfa: AreaData
    beta: AreaData
    gamma: AreaData
    national: User
    province_manager: User  # Jawa Barat: Alfa and Beta
    regency_manager: User  # Kota Bandung: Alfa only
    no_area: User  # a manager without an area record: nothing

    def all(self) -> list[AreaData]:
        return [self.alfa, self.beta, self.gamma]

    def manager(self, who: str) -> User:
        return {
            "national": self.national,
            "province": self.province_manager,
            "regency": self.regency_manager,
            "none": self.no_area,
        }[who]

    def visible_to(self, who: str) -> list[AreaData]:
        return {
            "national": self.all(),
            "province": [self.alfa, self.beta],
            "regency": [self.alfa],
            "none": [],
        }[who]


def _area(key: str, province: Region, regency_name: str, *, by: User, planner: User) -> AreaData:
    from tests.incubator.factories import RegencyFactory

    regency = RegencyFactory(name=regency_name, parent=province)
    cohort = CohortFactory(name=f"Angkatan {key}", region=regency)
    profile = services.enroll_entrepreneur(
        EntrepreneurUserFactory(full_name=f"Peserta {key}"),
        by=by,
        cohort=cohort,
        province=province,
        regency=regency,
        business_name=f"Warung {key}",
        sector="food",
        consent=True,
    )
    companion = MentorProfileFactory(user__full_name=f"Pendamping {key}")
    companion.regions.set([regency])
    assignment = services.assign_companion(profile, companion.user, role=CompanionRole.MENTOR, by=by)
    assistance = services.plan_assistance(
        profile, by=planner, kind="cash", plan_item=f"Etalase {key}", amount=1_500_000
    )
    promotion = PromotionRequest.objects.create(
        profile=profile, from_tier=Tier.BEGINNER, to_tier=Tier.DEVELOPING, recommended_by=companion.user
    )
    threshold = IncomeThresholdFactory(regency=regency, monthly_amount=3_000_000)
    return AreaData(
        key, province, regency, cohort, profile, companion.user, assignment, assistance, promotion, threshold
    )


def build_areas() -> Areas:
    """The program in three regencies of two provinces, seen by four kinds of manager."""
    from tests.incubator.factories import ProvinceFactory

    # One optional milestone per entrepreneur: the milestone list has rows, promotions stay eligible.
    MilestoneTemplateFactory(tier=Tier.BEGINNER, is_required=False, asks_photos=0)
    national = ManagerUserFactory()
    # Four eyes: the assistance is planned by another national manager, so ``national`` may approve it.
    planner = ManagerUserFactory(full_name="Perencana BSiMU")
    jabar, jateng = ProvinceFactory(name="Jawa Barat"), ProvinceFactory(name="Jawa Tengah")
    alfa = _area("Alfa", jabar, "Kota Bandung", by=national, planner=planner)
    return Areas(
        alfa=alfa,
        beta=_area("Beta", jabar, "Kabupaten Bandung", by=national, planner=planner),
        gamma=_area("Gamma", jateng, "Kabupaten Klaten", by=national, planner=planner),
        national=national,
        province_manager=ManagerUserFactory(area=jabar),
        regency_manager=ManagerUserFactory(area=alfa.regency),
        no_area=ManagerUserFactory(area=NO_AREA),
    )
