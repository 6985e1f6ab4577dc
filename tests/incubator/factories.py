"""Factories for the incubator. Services build the real thing where a rule matters (enrol, assign)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from incubator.models import (
    Cohort,
    CompanionAssignment,
    CompanionKind,
    CompanionRole,
    EntrepreneurProfile,
    IncomeThreshold,
    MentorProfile,
    Milestone,
    MilestoneTemplate,
    MonthlyReport,
    Region,
    Sector,
    Tier,
)
from incubator.selectors import PROGRESS_FIELDS
from tests.factories import EntrepreneurUserFactory, MentorUserFactory


class _RecountsProgress:
    """Rows written past the services: the profile's stored progress counters recounted as the
    services would leave them (``incubator.services.refresh_progress``)."""

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            from incubator.services import refresh_progress

            profile_id = instance.pk if isinstance(instance, EntrepreneurProfile) else instance.profile_id
            refresh_progress([profile_id])  # the services' own statement (compiled once, not per row)
            if isinstance(instance, EntrepreneurProfile):
                instance.refresh_from_db(fields=[*PROGRESS_FIELDS, "dashboard_version"])


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name", "parent")

    name = "Jawa Barat"
    level = Region.Level.PROVINCE
    parent = None


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name", "parent")

    name = "Kota Bandung"
    level = Region.Level.REGENCY
    parent = factory.SubFactory(ProvinceFactory)


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name", "parent")

    name = "Coblong"
    level = Region.Level.DISTRICT
    parent = factory.SubFactory(RegencyFactory)


class IncomeThresholdFactory(DjangoModelFactory):
    class Meta:
        model = IncomeThreshold

    regency = factory.SubFactory(RegencyFactory)
    monthly_amount = 4_482_914
    effective_from = datetime.date(2026, 1, 1)


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"ProKUS 2026 — Angkatan {n}")
    region = factory.SubFactory(RegencyFactory)
    start_date = datetime.date(2026, 1, 15)


class MilestoneTemplateFactory(DjangoModelFactory):
    class Meta:
        model = MilestoneTemplate

    tier = Tier.BEGINNER
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"capaian-{n}")
    title = factory.Sequence(lambda n: f"Capaian {n}")
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    description = "Lakukan langkah ini."
    is_required = True
    asks_text = True
    asks_photos = 1
    asks_amount = False


class EntrepreneurProfileFactory(_RecountsProgress, DjangoModelFactory):
    """A profile written directly (no milestones): for bulk data. Use ``services.enroll_entrepreneur``
    when the enrolment rules matter."""

    class Meta:
        model = EntrepreneurProfile

    user = factory.SubFactory(EntrepreneurUserFactory)
    province = factory.LazyAttribute(lambda o: ProvinceFactory())
    regency = factory.LazyAttribute(lambda o: RegencyFactory(parent=o.province))
    district = None
    business_name = factory.Sequence(lambda n: f"Warung Berkah {n}")
    sector = Sector.FOOD
    tier = Tier.BEGINNER
    tier_since = factory.LazyFunction(timezone.now)
    enrolled_on = factory.LazyFunction(timezone.localdate)


class MilestoneFactory(_RecountsProgress, DjangoModelFactory):
    class Meta:
        model = Milestone

    profile = factory.SubFactory(EntrepreneurProfileFactory)
    template = factory.SubFactory(MilestoneTemplateFactory)
    tier = factory.LazyAttribute(lambda o: o.template.tier)


class MentorProfileFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(MentorUserFactory)
    kind = CompanionKind.BUSINESS_MENTOR
    capacity = 25


class SocialCompanionProfileFactory(MentorProfileFactory):
    kind = CompanionKind.TKSK


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = CompanionAssignment

    profile = factory.SubFactory(EntrepreneurProfileFactory)
    companion = factory.LazyAttribute(lambda o: MentorProfileFactory().user)
    role = CompanionRole.MENTOR
    started_at = factory.LazyFunction(timezone.now)


class MonthlyReportFactory(_RecountsProgress, DjangoModelFactory):
    class Meta:
        model = MonthlyReport

    profile = factory.SubFactory(EntrepreneurProfileFactory)
    month = datetime.date(2026, 1, 1)
    revenue = 6_000_000
    costs = 1_000_000
