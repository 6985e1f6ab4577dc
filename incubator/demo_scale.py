"""``seed_demo --scale N``: a program of N families for managers' charts and benchmarks, quickly.

Everything is written with ``bulk_create`` (a fixed number of statements whatever N): five regencies
with their UMK, one PENA cohort, N // 25 business mentors and 3N // 25 social companions (20 and 60
for 500 families), and each family's story in the shapes the services write:

- its tier history: placed at intake (most as Beginners, some straight into Developing or Advanced),
  some promoted since, each promotion an approved ``PromotionRequest`` with its ``TierChange``;
- its milestones: every step of each tier it has held (``create_tier_milestones``); the required
  steps of a tier it left verified, with their review history (submitted, sometimes sent back and
  resubmitted, verified by the business mentor; some sent by the social companion on the family's
  behalf); in its current tier some verified, some waiting for review or sent back, some not
  started; some ready with a recommendation waiting for a manager;
- a few graduates (from Developing or Advanced) under the graduation watch, whose latest monthly
  reports are its first check-ins; one family in fifty out of the program (exits with reasons);
- a business mentor and a social companion each, and three monthly reports whose figures differ by
  sector with noise (Beginners below the UMK of their regency, graduates at or above it).

No rule runs: this is data for counting (the named demo accounts tell the stories through the
services). Seeded by N: the same program for the same size. Run again: nothing is added when the
scale cohort already has families.
"""

from __future__ import annotations

import datetime
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Model
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
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    ProgramExit,
    PromotionRequest,
    Region,
    Sector,
    Tier,
    TierChange,
)
from incubator.services import recount_progress
from incubator.services.graduation import add_months

# A PENA intake wave (the successor of ProKUS since 2022), named as the program names its cohorts.
COHORT = "PENA 2025 — Provinsi Skala gelombang 1"
COHORT_START = datetime.date(2025, 1, 6)
FORMER_NAME = "ProKUS skala"
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
WORKING = [Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED]
# At intake most families are placed as Beginners, fewer straight into Developing, a few Advanced.
PLACEMENT_WEIGHTS = [6, 3, 1]
EVIDENCE = [
    "Sudah saya kerjakan, foto dan catatannya terlampir.",
    "Dikerjakan bersama pendamping waktu kunjungan.",
    "Catatan sebulan terakhir, difoto dari buku kas.",
    "Nota dan foto tempat usaha sebagai bukti.",
]
VERIFIED = [
    "Sudah sesuai, terima kasih.",
    "Bukti lengkap dan jelas.",
    "Bagus, dicek saat kunjungan.",
    "",
]
SENT_BACK = [
    "Foto belum jelas, tolong kirim ulang yang lebih terang.",
    "Angkanya belum cocok dengan buku kas, mohon dicek lagi.",
    "Lampirkan juga foto notanya.",
]
DAY = datetime.timedelta(days=1)


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


@contextmanager
def _one_statement_per_table() -> Iterator[None]:
    """Django 5.2 assumes SQLite's historical limit of 999 parameters a statement and splits a bulk
    insert every few dozen rows, so the number of statements grew with N. The SQLite in use reports
    its real limit (32,766 by default since 3.32; Django 6 reads it the same way): use it here."""
    if connection.vendor != "sqlite":  # PostgreSQL: one statement per bulk insert already
        yield
        return
    connection.ensure_connection()
    features = connection.features
    features.max_query_params = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    try:
        yield
    finally:
        vars(features).pop("max_query_params", None)


@contextmanager
def dated_as_given(*models: type[Model]) -> Iterator[None]:
    """``bulk_create`` stamps ``auto_now``/``auto_now_add`` columns with the moment of the insert; the
    demo's history happened over weeks and months, so those columns keep the dates given here.
    Process-wide while it lasts: for the seeding commands only, never in a request."""
    stamped = [
        f
        for m in models
        for f in m._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
    for f in stamped:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass
class _Story:
    """One family's way through the program: the tiers it held (oldest first) and when each began."""

    path: list[str]
    began: list[datetime.datetime]
    mentor: User | None = None
    social: User | None = None
    milestones: list[Milestone] = field(default_factory=list)
    events: list[MilestoneEvent] = field(default_factory=list)

    @property
    def tier(self) -> str:
        return self.path[-1]


def _story(target: str, rng: random.Random, now: datetime.datetime, months: list[datetime.date]) -> _Story:
    """Where the family was placed at intake, and when it moved up (a graduate graduated in one of
    the two months before the latest report, so that one or two reports are its watch's check-ins)."""
    last_working = (
        rng.choice([Tier.DEVELOPING, Tier.ADVANCED, Tier.ADVANCED]) if target == Tier.GRADUATED else target
    )
    top = WORKING.index(last_working)
    placed = rng.choices(range(top + 1), weights=PLACEMENT_WEIGHTS[: top + 1])[0]
    path = WORKING[placed : top + 1] + ([Tier.GRADUATED] if target == Tier.GRADUATED else [])
    tz = timezone.get_current_timezone()
    if target == Tier.GRADUATED:
        month = months[rng.choice([1, 2])]
        end = datetime.datetime.combine(
            month + datetime.timedelta(days=rng.randint(2, 24)), datetime.time(10), tz
        )
    else:
        end = now
    fewest = 80 * len(path) + (now - end).days + 20
    most = max(fewest, (now.date() - COHORT_START).days)
    enrolled = now - datetime.timedelta(days=rng.randint(fewest, most), hours=rng.randint(0, 8))
    promotions = len(path) - 1
    if target == Tier.GRADUATED:  # the graduation is ``end``; the promotions before it share the time
        share = (end - enrolled) / len(path)
        began = [enrolled + share * (j + rng.uniform(-0.2, 0.2)) for j in range(1, promotions)] + [end]
    else:
        share = (end - enrolled) / (promotions + 1)
        began = [enrolled + share * (j + rng.uniform(-0.2, 0.2)) for j in range(1, promotions + 1)]
    return _Story(path=path, began=[enrolled, *began])


def _amount(template: MilestoneTemplate, rng: random.Random) -> int | None:
    if not template.asks_amount:
        return None
    from incubator.demo import DEMO_AMOUNTS  # (incubator.demo imports this module)

    return round(DEMO_AMOUNTS.get(template.code, 1_000_000) * rng.uniform(0.7, 1.4), -2)


def _review_history(
    story: _Story,
    profile: EntrepreneurProfile,
    template: MilestoneTemplate,
    tier: str,
    rng: random.Random,
    *,
    status: str,
    at: datetime.datetime,
) -> None:
    """The milestone in ``status`` and its events as the services write them: submitted (by the
    family, or its social companion on its behalf), maybe sent back and resubmitted, then verified
    by the business mentor; every step a few days after the one before, from ``at``."""
    milestone = Milestone(profile=profile, template=template, tier=tier, created_at=at, updated_at=at)
    story.milestones.append(milestone)
    if status == MilestoneStatus.NOT_STARTED:
        return
    family = profile.user
    by = story.social if rng.random() < 0.25 else family
    steps = {
        MilestoneStatus.SUBMITTED: [MilestoneStatus.SUBMITTED],
        MilestoneStatus.CHANGES_REQUESTED: [MilestoneStatus.SUBMITTED, MilestoneStatus.CHANGES_REQUESTED],
        MilestoneStatus.RESUBMITTED: [
            MilestoneStatus.SUBMITTED,
            MilestoneStatus.CHANGES_REQUESTED,
            MilestoneStatus.RESUBMITTED,
        ],
        MilestoneStatus.VERIFIED: [MilestoneStatus.SUBMITTED, MilestoneStatus.VERIFIED]
        if rng.random() < 0.8
        else [
            MilestoneStatus.SUBMITTED,
            MilestoneStatus.CHANGES_REQUESTED,
            MilestoneStatus.RESUBMITTED,
            MilestoneStatus.VERIFIED,
        ],
    }[status]
    previous, when = MilestoneStatus.NOT_STARTED, at
    text = rng.choice(EVIDENCE)
    for step in steps:
        when += datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(1, 9))
        if step in (MilestoneStatus.SUBMITTED, MilestoneStatus.RESUBMITTED):
            milestone.version += 1
            milestone.submitted_at, milestone.submitted_by = when, by
            actor, on_behalf, comment = by, family if by != family else None, text
        else:
            comment = rng.choice(VERIFIED if step == MilestoneStatus.VERIFIED else SENT_BACK)
            milestone.reviewed_at, milestone.reviewed_by, milestone.review_comment = (
                when,
                story.mentor,
                comment,
            )
            actor, on_behalf = story.mentor, None
        story.events.append(
            MilestoneEvent(
                milestone=milestone,
                from_status=previous,
                to_status=step,
                actor=actor,
                on_behalf_of=on_behalf,
                comment=comment,
                created_at=when,
            )
        )
        previous = step
    milestone.status = status
    milestone.evidence_text = text
    milestone.evidence_amount = _amount(template, rng)
    milestone.updated_at = when


def _milestones(
    story: _Story,
    profile: EntrepreneurProfile,
    templates: dict[str, list[MilestoneTemplate]],
    rng: random.Random,
    now: datetime.datetime,
) -> bool:
    """Every step of every tier the family has held; True when the current tier's required steps
    are all verified (ready to recommend)."""
    ready = False
    for k, tier in enumerate(story.path):
        if tier == Tier.GRADUATED:
            continue
        steps = templates.get(tier, [])
        start = story.began[k]
        left = k + 1 < len(story.path)
        end = story.began[k + 1] if left else now
        # Each step's history takes up to three weeks: it ends before the tier is left, or before now.
        span = (end - start) * 0.5 if left else max(end - start - 21 * DAY, DAY)
        if left:  # promoted out of it: its required steps were verified, most recommended ones too
            for i, t in enumerate(steps):
                done = t.is_required or rng.random() < 0.6
                at = start + span * (i + rng.random()) / max(len(steps), 1)
                status = MilestoneStatus.VERIFIED if done else MilestoneStatus.NOT_STARTED
                _review_history(story, profile, t, tier, rng, status=status, at=max(at, start))
            continue
        # The current tier: a new family has not started; the others are somewhere along the path.
        fresh = (now - start).days < 30 or rng.random() < 0.15
        verified = 0 if fresh else rng.randint(0, len(steps))
        for i, t in enumerate(steps):
            if i < verified:
                status = MilestoneStatus.VERIFIED
                at = start + span * (i + rng.random()) / max(len(steps), 1)
            elif i == verified and not fresh:
                status = rng.choice(
                    [
                        MilestoneStatus.SUBMITTED,
                        MilestoneStatus.SUBMITTED,
                        MilestoneStatus.RESUBMITTED,
                        MilestoneStatus.CHANGES_REQUESTED,
                        MilestoneStatus.NOT_STARTED,
                    ]
                )
                at = max(
                    start, now - datetime.timedelta(days=rng.randint(14, 30))
                )  # its steps end before now
            else:
                status, at = MilestoneStatus.NOT_STARTED, start
            _review_history(story, profile, t, tier, rng, status=status, at=at)
        ready = bool(steps) and all(i < verified for i, t in enumerate(steps) if t.is_required)
    return ready


def _tier_history(
    stories: list[_Story],
    profiles: list[EntrepreneurProfile],
    ready: list[bool],
    manager: User | None,
    rng: random.Random,
    now: datetime.datetime,
) -> list[TierChange]:
    """Placement at intake, each promotion approved by a manager (its request and its tier change),
    and for some families ready to move up a recommendation waiting; returns the tier changes."""
    requests: list[PromotionRequest] = []
    changes: list[TierChange] = []
    for story, profile, is_ready in zip(stories, profiles, ready, strict=True):
        changes.append(
            TierChange(profile=profile, from_tier="", to_tier=story.path[0], changed_at=story.began[0])
        )
        for k in range(1, len(story.path)):
            decided = story.began[k]
            request = PromotionRequest(
                profile=profile,
                from_tier=story.path[k - 1],
                to_tier=story.path[k],
                recommended_by=story.mentor,
                note="Semua syarat sudah terpenuhi.",
                status=PromotionRequest.Status.APPROVED,
                decided_by=manager,
                decided_at=decided,
                created_at=decided - datetime.timedelta(days=rng.randint(2, 9)),
                updated_at=decided,
            )
            requests.append(request)
            changes.append(
                TierChange(
                    profile=profile,
                    from_tier=story.path[k - 1],
                    to_tier=story.path[k],
                    changed_at=decided,
                    changed_by=manager,
                    promotion=request,
                    celebrated_at=decided + DAY,
                )
            )
        if is_ready and story.tier in (Tier.BEGINNER, Tier.DEVELOPING) and rng.random() < 0.5:
            asked = now - datetime.timedelta(days=rng.randint(1, 12))
            requests.append(
                PromotionRequest(
                    profile=profile,
                    from_tier=story.tier,
                    to_tier=WORKING[WORKING.index(story.tier) + 1],
                    recommended_by=story.mentor,
                    note="Sudah memenuhi semua syarat, mohon disetujui.",
                    created_at=asked,
                    updated_at=asked,
                )
            )
    with dated_as_given(PromotionRequest):
        PromotionRequest.objects.bulk_create(requests)
    return TierChange.objects.bulk_create(changes)


def seed_scale(families: int, *, stdout=None, today: datetime.date | None = None) -> int:
    """Create ``families`` families (and their companions) unless the scale cohort already has some;
    returns how many were created."""
    with _one_statement_per_table():
        return _seed_scale(families, stdout=stdout, today=today)


def _seed_scale(families: int, *, stdout=None, today: datetime.date | None = None) -> int:
    now = timezone.now()
    today = today or timezone.localdate(now)
    regencies = _regencies(today)
    # A database seeded before the cohorts carried PENA names: the same cohort, renamed (once).
    Cohort.objects.filter(name=FORMER_NAME).exclude(name=COHORT).update(name=COHORT)
    cohort, _created = Cohort.objects.get_or_create(
        name=COHORT,
        defaults={
            "region": regencies[0],
            "start_date": COHORT_START,
            "description": "Gelombang PENA untuk grafik dan uji beban: KPM PKH graduasi di lima daerah.",
        },
    )
    if EntrepreneurProfile.objects.filter(cohort=cohort).exists():
        if stdout is not None:
            stdout.write(f"Scale program already there ({COHORT}); nothing added.")
        return 0
    rng = random.Random(families)  # the same program for the same size  # noqa: S311 (not security)
    first_of_month = today.replace(day=1)
    months = []
    for _ in range(3):
        first_of_month = (first_of_month - datetime.timedelta(days=1)).replace(day=1)
        months.append(first_of_month)
    stories = [_story(_tier_for(i, families), rng, now, months) for i in range(families)]
    templates: dict[str, list[MilestoneTemplate]] = {}
    for t in MilestoneTemplate.objects.filter(is_active=True).order_by("tier", "order"):
        templates.setdefault(t.tier, []).append(t)
    manager = (
        User.objects.filter(groups__name=roles.MANAGER, manager_scope__region__isnull=True)
        .order_by("pk")
        .first()
    )

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
                tier=story.tier,
                tier_since=story.began[-1],
                enrolled_on=timezone.localdate(story.began[0]),
            )
            for i, (user, story) in enumerate(zip(users, stories, strict=True))
        ]
    )
    for i, story in enumerate(stories):
        story.mentor, story.social = mentors[i % len(mentors)], socials[i % len(socials)]
    ready = [_milestones(story, p, templates, rng, now) for story, p in zip(stories, profiles, strict=True)]
    with dated_as_given(Milestone, MilestoneEvent):
        Milestone.objects.bulk_create([m for s in stories for m in s.milestones])
        MilestoneEvent.objects.bulk_create([e for s in stories for e in s.events])
    changes = _tier_history(stories, profiles, ready, manager, rng, now)
    graduations = {c.profile_id: c for c in changes if c.to_tier == Tier.GRADUATED}
    # Graduates are followed (the graduation watch); one family in fifty has left, for every reason.
    GraduationWatch.objects.bulk_create(
        [
            GraduationWatch(
                profile=p,
                tier_change=graduations[p.pk],
                graduated_on=timezone.localdate(graduations[p.pk].changed_at),
                ends_on=add_months(
                    timezone.localdate(graduations[p.pk].changed_at), settings.TUMBUH_GRADUATION_WATCH_MONTHS
                ),
                from_tier=graduations[p.pk].from_tier,
            )
            for p in profiles
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
            CompanionAssignment(profile=p, companion=companion, role=role, started_at=story.began[0])
            for p, story in zip(profiles, stories, strict=True)
            for companion, role in (
                (story.mentor, CompanionRole.MENTOR),
                (story.social, CompanionRole.SOCIAL),
            )
        ]
    )
    umk = {r.pk: amount for r, (_name, amount) in zip(regencies, REGENCIES, strict=True)}
    reports = []
    for p in profiles:
        centre, spread = SECTOR_PROFIT[p.sector]
        lift = {Tier.BEGINNER: 0.6, Tier.DEVELOPING: 0.9, Tier.ADVANCED: 1.2, Tier.GRADUATED: 1.5}[p.tier]
        dips = rng.random() < 0.2  # a graduate whose latest check-in fell below the UMK
        for age, month in enumerate(months):
            profit = max(0, round(rng.gauss(centre * lift, spread), -4))
            if p.tier == Tier.BEGINNER:  # a Beginner earning the UMK would have been placed higher
                profit = min(profit, round(umk[p.regency_id] * rng.uniform(0.55, 0.85), -4))
            elif p.tier == Tier.GRADUATED:  # graduated by the PENA rule: at or above the UMK
                share = rng.uniform(0.85, 0.97) if dips and age == 0 else rng.uniform(1.02, 1.3)
                profit = round(umk[p.regency_id] * share, -4)
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
    MonthlyReport.objects.bulk_create(reports)
    recount_progress(
        EntrepreneurProfile.objects.filter(cohort=cohort)
    )  # written in bulk, not by the services
    if stdout is not None:
        promoted = sum(len(s.path) > 1 for s in stories)
        stdout.write(
            f"Scale program: {families} families ({promoted} promoted since intake), {len(mentors)} "
            f"business mentors, {len(socials)} social companions in {len(regencies)} regencies."
        )
    return families
