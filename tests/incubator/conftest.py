from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from accounts.models import User
from incubator import services
from incubator.models import (
    CompanionRole,
    EntrepreneurProfile,
    MilestoneTemplate,
    Region,
    Tier,
)
from tests.factories import EntrepreneurUserFactory, ManagerUserFactory
from tests.incubator.factories import (
    CohortFactory,
    DistrictFactory,
    IncomeThresholdFactory,
    MentorProfileFactory,
    MilestoneTemplateFactory,
    SocialCompanionProfileFactory,
)
from tests.shared_data import build_once


@dataclass
class World:
    manager: User
    mentor: User
    social: User
    entrepreneur: User
    profile: EntrepreneurProfile
    province: Region
    regency: Region
    district: Region
    templates: dict[str, list[MilestoneTemplate]]

    def enroll(self, user=None, **kw) -> EntrepreneurProfile:
        user = user or EntrepreneurUserFactory()
        fields = {
            "by": user,
            "cohort": None,
            "province": self.province,
            "regency": self.regency,
            "district": self.district,
            "business_name": "Keripik Singkong Bu Sri",
            "sector": "food",
            "consent": True,
        }
        fields.update(kw)
        return services.enroll_entrepreneur(user, **fields)


def build_world() -> World:
    district = DistrictFactory()
    regency = district.parent
    province = regency.parent
    IncomeThresholdFactory(regency=regency, monthly_amount=4_000_000)
    templates: dict[str, list[MilestoneTemplate]] = {}
    for tier in (Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED):
        templates[tier] = [
            MilestoneTemplateFactory(tier=tier, order=1, asks_photos=0),
            MilestoneTemplateFactory(tier=tier, order=2, asks_photos=1, asks_amount=True, amount_label="HPP"),
            MilestoneTemplateFactory(tier=tier, order=3, is_required=False, asks_photos=0),
        ]
    manager = ManagerUserFactory()
    mentor = MentorProfileFactory(capacity=5).user
    social = SocialCompanionProfileFactory().user
    cohort = CohortFactory(region=regency)
    user = EntrepreneurUserFactory()
    w = World(manager, mentor, social, user, None, province, regency, district, templates)  # type: ignore[arg-type]
    w.profile = w.enroll(user, cohort=cohort)
    services.assign_companion(w.profile, mentor, role=CompanionRole.MENTOR, by=manager)
    services.assign_companion(w.profile, social, role=CompanionRole.SOCIAL, by=manager)
    return w


# Built once for each test module (tests/shared_data.py): a copy of the objects for each test.
_world_once, world = build_once(build_world, name="world", fresh=True)


def world_at(instant: datetime.datetime):
    """``_world_once, world = world_at(NOW)`` in a module whose tests all run at ``NOW``: the world
    built at that instant, as each test would have built it."""
    return build_once(build_world, name="world", fresh=True, at=instant)


@pytest.fixture
def aspects(db):
    """Six intake aspects ``aspek-1`` … ``aspek-6`` (scores 0–3: 18 points at most)."""
    from incubator.models import IntakeAspect

    return [
        IntakeAspect.objects.create(
            code=f"aspek-{n}", order=n, title=f"Aspek {n}", level_0="a", level_1="b", level_2="c", level_3="d"
        )
        for n in range(1, 7)
    ]
