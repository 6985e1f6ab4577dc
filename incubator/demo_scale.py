"""``seed_demo --scale N``: a program of N families for managers' charts and benchmarks, quickly.

Everything is written with ``bulk_create`` (a fixed number of queries whatever N): five regencies
with their UMK, one cohort, N // 25 business mentors and 3N // 25 social companions (20 and 60 for
500 families), the families spread over the tiers (half Beginner, then Developing, Advanced and a
few graduates, followed by the graduation watch), one family in fifty out of the program (exits
with reasons), each with a business mentor and a social companion, its first tier change and three
monthly reports whose figures differ by sector with noise (the latest two verified). No rule runs:
this is data for counting, not a story (the named demo accounts tell that). Run again: nothing is
added when the scale cohort already has families.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import User
from incubator.models import (
    Cohort,
    CompanionAssignment,
    CompanionKind,
    CompanionRole,
    EntrepreneurProfile,
    ExitReason,
    GraduationWatch,
    IncomeThreshold,
    MentorProfile,
    MonthlyReport,
    ProgramExit,
    Region,
    Sector,
    Tier,
    TierChange,
)

COHORT = "ProKUS skala"
REGENCIES = [  # (name, UMK)
    ("Kabupaten Skala Satu", 3_300_000),
    ("Kabupaten Skala Dua", 2_900_000),
    ("Kota Skala Tiga", 4_200_000),
    ("Kabupaten Skala Empat", 2_600_000),
    ("Kota Skala Lima", 3_800_000),
]
# Monthly profit around which each sector's families sit (Rp), and its spread.
SECTOR_PROFIT = {
    Sector.values[i]: (1_500_000 + 600_000 * i, 400_000 + 100_000 * i) for i in range(len(Sector.values))
}
TIER_SHARES = [(Tier.BEGINNER, 50), (Tier.DEVELOPING, 30), (Tier.ADVANCED, 15), (Tier.GRADUATED, 5)]
SOCIAL_KINDS = [kind for kind in CompanionKind.values if kind != CompanionKind.BUSINESS_MENTOR]


def _tier_for(index: int, total: int) -> str:
    position = index * 100 // max(total, 1)
    for tier, share in TIER_SHARES:
        if position < share:
            return tier
        position -= share
    return Tier.BEGINNER


def _regencies(today: datetime.date) -> list[Region]:
    province, _created = Region.objects.get_or_create(
        code="SKALA", level=Region.Level.PROVINCE, defaults={"name": "Provinsi Skala"}
    )
    regencies = []
    for i, (name, umk) in enumerate(REGENCIES, start=1):
        regency, _created = Region.objects.get_or_create(
            code=f"SKALA-{i}", parent=province, defaults={"name": name, "level": Region.Level.REGENCY}
        )
        IncomeThreshold.objects.get_or_create(
            regency=regency,
            effective_from=today.replace(month=1, day=1),
            defaults={"monthly_amount": umk},
        )
        regencies.append(regency)
    return regencies


def _companions(prefix: str, count: int, kinds: list[str], regencies: list[Region]) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}-{i}", full_name=f"Pendamping {prefix[-1].upper()} {i + 1}", is_active=True
            )
            for i in range(count)
        ]
    )
    profiles = MentorProfile.objects.bulk_create(
        [
            MentorProfile(user=user, kind=kinds[i % len(kinds)], capacity=40, organisation="Skala")
            for i, user in enumerate(users)
        ]
    )
    through = MentorProfile.regions.through
    through.objects.bulk_create(
        [
            through(mentorprofile_id=p.pk, region_id=regencies[i % len(regencies)].pk)
            for i, p in enumerate(profiles)
        ]
    )
    Group.objects.get_or_create(name=roles.MENTOR)[0].user_set.add(*users)
    return users


def seed_scale(families: int, *, stdout=None, today: datetime.date | None = None) -> int:
    """Create ``families`` families (and their companions) unless the scale cohort already has some;
    returns how many were created."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    regencies = _regencies(today)
    cohort, _created = Cohort.objects.get_or_create(
        name=COHORT, defaults={"region": regencies[0], "start_date": today.replace(month=1, day=1)}
    )
    if EntrepreneurProfile.objects.filter(cohort=cohort).exists():
        if stdout is not None:
            stdout.write(f"Scale program already there ({COHORT}); nothing added.")
        return 0
    rng = random.Random(families)  # the same program for the same size  # noqa: S311 (not security)
    mentors = _companions("skala-m", max(1, families // 25), [CompanionKind.BUSINESS_MENTOR], regencies)
    socials = _companions("skala-s", max(1, families * 3 // 25), SOCIAL_KINDS, regencies)
    users = User.objects.bulk_create(
        [
            User(username=f"skala-e-{i}", full_name=f"Peserta Skala {i + 1}", phone=f"+6281{9000000 + i:08d}")
            for i in range(families)
        ]
    )
    Group.objects.get_or_create(name=roles.ENTREPRENEUR)[0].user_set.add(*users)
    sectors = Sector.values
    profiles = EntrepreneurProfile.objects.bulk_create(
        [
            EntrepreneurProfile(
                user=user,
                cohort=cohort,
                province=regencies[0].parent,
                regency=regencies[i % len(regencies)],
                village=f"Desa {i % 37 + 1}",
                business_name=f"Usaha Skala {i + 1}",
                sector=sectors[i % len(sectors)],
                tier=_tier_for(i, families),
                tier_since=now - datetime.timedelta(days=rng.randint(10, 400)),
                enrolled_on=today - datetime.timedelta(days=rng.randint(400, 700)),
            )
            for i, user in enumerate(users)
        ]
    )
    changes = TierChange.objects.bulk_create(
        [TierChange(profile=p, from_tier="", to_tier=p.tier, changed_at=p.tier_since) for p in profiles]
    )
    # Graduates are followed (the graduation watch); one family in fifty has left, for every reason.
    GraduationWatch.objects.bulk_create(
        [
            GraduationWatch(
                profile=p,
                tier_change=change,
                graduated_on=timezone.localdate(p.tier_since),
                ends_on=timezone.localdate(p.tier_since) + datetime.timedelta(days=365),
                from_tier=Tier.ADVANCED,
            )
            for p, change in zip(profiles, changes, strict=True)
            if p.tier == Tier.GRADUATED
        ]
    )
    reasons = ExitReason.values
    ProgramExit.objects.bulk_create(
        [
            ProgramExit(
                profile=p,
                reason=reasons[i // 50 % len(reasons)],
                exited_on=today - datetime.timedelta(days=rng.randint(1, 90)),
                note="Data skala",
            )
            for i, p in enumerate(profiles)
            if i % 50 == 7 and p.tier != Tier.GRADUATED
        ]
    )
    CompanionAssignment.objects.bulk_create(
        [
            CompanionAssignment(profile=p, companion=companion, role=role, started_at=p.tier_since)
            for i, p in enumerate(profiles)
            for companion, role in (
                (mentors[i % len(mentors)], CompanionRole.MENTOR),
                (socials[i % len(socials)], CompanionRole.SOCIAL),
            )
        ]
    )
    first_of_month = today.replace(day=1)
    months = []
    for _ in range(3):
        first_of_month = (first_of_month - datetime.timedelta(days=1)).replace(day=1)
        months.append(first_of_month)
    reports = []
    for p in profiles:
        centre, spread = SECTOR_PROFIT[p.sector]
        lift = {Tier.BEGINNER: 0.6, Tier.DEVELOPING: 0.9, Tier.ADVANCED: 1.2, Tier.GRADUATED: 1.5}[p.tier]
        for age, month in enumerate(months):
            profit = max(0, round(rng.gauss(centre * lift, spread), -4))
            costs = round(profit * rng.uniform(0.8, 1.6), -4)
            reports.append(
                MonthlyReport(
                    profile=p,
                    month=month,
                    revenue=profit + costs,
                    costs=costs,
                    verified_at=now if age < 2 else None,
                )
            )
    MonthlyReport.objects.bulk_create(reports, batch_size=1000)
    if stdout is not None:
        stdout.write(
            f"Scale program: {families} families, {len(mentors)} business mentors, "
            f"{len(socials)} social companions in {len(regencies)} regencies."
        )
    return families
