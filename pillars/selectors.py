"""Reads of the pillar program: who is a pillar where, who is trained, sessions, targets against actuals."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant

from accounts.models import User
from cms import selectors as learning
from cms.models import PUSKESOS, CoursePage, LessonPage
from complaints.models import Complaint
from incubator.models import (
    Assistance,
    CompanionKind,
    EntrepreneurProfile,
    GraduationWatch,
    MentorProfile,
    Region,
    Tier,
    TierChange,
)
from incubator.scope import Scope, scope_for
from pillars.models import (
    AreaTarget,
    BimtekEvent,
    BimtekParticipant,
    CommunitySession,
    Indicator,
    OrganisationKind,
    PillarOrganisation,
)

SOCIAL_KINDS = [kind for kind in CompanionKind.values if kind != CompanionKind.BUSINESS_MENTOR]


def area_scope(region: Region | None) -> Scope:
    """The area of ``region`` as a scope (None: the whole country)."""
    return Scope(national=True) if region is None else Scope(region=region)


def pillars_q(scope: Scope, prefix: str = "") -> Q:
    """Users (at ``prefix``, e.g. ``"user__"``) who are pillars of the area: social companions working
    in it, and members of its active organisations."""
    companions = MentorProfile.objects.filter(scope.companion_q(), kind__in=SOCIAL_KINDS, is_active=True)
    organisations = PillarOrganisation.objects.filter(scope.region_q("region__"), is_active=True)
    return Q(**{f"{prefix}pk__in": companions.values("user_id")}) | Q(
        **{f"{prefix}pk__in": organisations.values("members")}
    )


def pillar_users_in(region: Region) -> QuerySet[User]:
    """Pillars of an area: social companions working in it, and members of its active organisations."""
    return User.objects.filter(pillars_q(area_scope(region))).order_by("full_name", "pk")


# -- pillar courses (bimtek) ------------------------------------------------------------------------

# The pillar type an organisation's members hold: Karang Taruna units and Puskesos-SLRT service
# points name one; an incubator partner (university, NGO) or another organisation makes its members
# pillars of no particular type, who see only the pillar courses open to every type.
ORGANISATION_PILLAR_KIND = {
    OrganisationKind.KARANG_TARUNA: CompanionKind.KARANG_TARUNA,
    OrganisationKind.PUSKESOS: PUSKESOS,
    OrganisationKind.UNIVERSITY: learning.GENERAL_PILLAR,
    OrganisationKind.NGO: learning.GENERAL_PILLAR,
    OrganisationKind.OTHER: learning.GENERAL_PILLAR,
}


def organisation_pillar_kinds(user: User) -> set[str]:
    """The pillar types ``user`` holds through their active organisations (registered with
    ``cms.selectors.pillar_kinds_of``, so ``/learn/`` and the training page share one rule)."""
    return {
        ORGANISATION_PILLAR_KIND.get(kind, learning.GENERAL_PILLAR)
        for kind in PillarOrganisation.objects.filter(members=user, is_active=True).values_list(
            "kind", flat=True
        )
    }


@dataclass(frozen=True)
class PillarCourse:
    course: CoursePage
    done: int
    total: int

    @property
    def percent(self) -> int:
        return learning.percent(self.done, self.total)


def courses_for_pillar(user: User) -> list[PillarCourse]:
    """The live pillar courses open to this member's pillar types (all of them when none is known),
    with their progress. Five queries, however many courses and lessons."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    courses = list(
        CoursePage.objects.live()
        .filter(learning.for_pillars(learning.pillar_kinds_of(user)), locale__language_code=default)
        .order_by("path")
    )
    lessons = list(
        LessonPage.objects.live().filter(locale__language_code=default).values_list("path", "translation_key")
    )
    rows = []
    keyed = {course.pk: [key for path, key in lessons if path.startswith(course.path)] for course in courses}
    done = learning.completed_keys(user=user, keys=[key for keys in keyed.values() for key in keys])
    for course in courses:
        keys = keyed[course.pk]
        rows.append(PillarCourse(course=course, done=len(done.intersection(keys)), total=len(keys)))
    return rows


def lessons_for_pillar(user: User) -> QuerySet[LessonPage]:
    """The live lessons of the pillar courses open to this member: what a community session's topic
    can name as the lessons it used. Two queries."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    paths = CoursePage.objects.live().filter(
        learning.for_pillars(learning.pillar_kinds_of(user)), locale__language_code=default
    )
    within = Q(pk__in=[])
    for path in paths.values_list("path", flat=True):
        within |= Q(path__startswith=path)
    return LessonPage.objects.live().filter(within, locale__language_code=default).order_by("path")


def pillar_course_completion(scope: Scope) -> list[learning.CourseCompletion]:
    """For managers: per pillar course, how many pillars of the area started and finished it."""
    return learning.completion_by_course(learners=pillars_q(scope, "user__"), courses=learning.for_pillars())


def is_trained(user: User) -> bool:
    """Whether ``user`` holds a bimtek completion record."""
    return (
        user.is_authenticated
        and BimtekParticipant.objects.filter(user=user, completed_at__isnull=False).exists()
    )


def facilitator_regency_ids(user: User) -> set[int]:
    """The regencies a pillar member works in: their companion regions and their organisations'
    areas (a province or a district counts as the regencies below it / above it)."""
    regions = list(
        Region.objects.filter(Q(mentors__user=user) | Q(pillar_organisations__members=user)).values_list(
            "pk", "level", "parent_id"
        )
    )
    ids: set[int] = set()
    provinces = []
    for pk, level, parent in regions:
        if level == Region.Level.REGENCY:
            ids.add(pk)
        elif level == Region.Level.DISTRICT and parent:
            ids.add(parent)
        elif level == Region.Level.PROVINCE:
            provinces.append(pk)
    if provinces:
        ids.update(
            Region.objects.filter(parent_id__in=provinces, level=Region.Level.REGENCY).values_list(
                "pk", flat=True
            )
        )
    return ids


def facilitator_regencies(user: User) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=facilitator_regency_ids(user)).order_by("name")


def families_for_facilitator(user: User) -> QuerySet[EntrepreneurProfile]:
    """The families a pillar member can tick as participants: those of the regencies they work in."""
    return (
        EntrepreneurProfile.objects.filter(regency_id__in=facilitator_regency_ids(user))
        .select_related("user", "regency")
        .order_by("regency__name", "user__full_name", "pk")
    )


def sessions_by(user: User) -> QuerySet[CommunitySession]:
    return (
        CommunitySession.objects.filter(facilitator=user)
        .select_related("region")
        .annotate(registered=Count("participants", distinct=True))
    )


def sessions_for_profile(profile: EntrepreneurProfile) -> QuerySet[CommunitySession]:
    """The community sessions a family attended (its companion sees them on the mentee page)."""
    return (
        CommunitySession.objects.filter(participants=profile)
        .select_related("facilitator", "region")
        .order_by("-date", "-pk")
    )


def sessions_in_scope(scope: Scope) -> QuerySet[CommunitySession]:
    return (
        CommunitySession.objects.filter(scope.region_q("region__"))
        .select_related("facilitator", "region", "organisation", "verified_by")
        .annotate(registered=Count("participants", distinct=True))
        .order_by("-date", "-pk")
    )


def get_session_for_manager(*, user: User, pk: int) -> CommunitySession:
    session = sessions_in_scope(scope_for(user)).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def events_in_scope(scope: Scope) -> QuerySet[BimtekEvent]:
    return (
        BimtekEvent.objects.filter(scope.region_q("region__"))
        .select_related("region", "organiser")
        .annotate(
            invited=Count("participants", distinct=True),
            present=Count("participants", filter=Q(participants__attended_at__isnull=False), distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def get_event_for_manager(*, user: User, pk: int) -> BimtekEvent:
    event = events_in_scope(scope_for(user)).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def participants_of(event: BimtekEvent) -> QuerySet[BimtekParticipant]:
    return event.participants.select_related("user", "organisation").order_by("user__full_name", "pk")


# -- targets against actuals ---------------------------------------------------------------------

# Indicators that are a ratio or a median of graduations: with no graduation in the period there is
# nothing to divide or rank, so the actual is None ("no graduation in this period"), never zero.
PER_GRADUATE = {Indicator.MEDIAN_MONTHS, Indicator.BSIMU_PER_GRADUATE}
MONEY = {Indicator.BSIMU_DELIVERED, Indicator.BSIMU_PER_GRADUATE}


@dataclass(frozen=True)
class BoardRow:
    indicator: str
    label: str
    target: int | None
    actual: int | None  # None: no graduation in the period (a median or a per-graduate figure)
    money: bool

    @property
    def percent(self) -> int | None:
        if self.target in (None, 0) or self.actual is None:
            return None
        return round(100 * self.actual / self.target)

    @property
    def bar(self) -> int:
        """Bar width 0–100 for the inline chart (capped at 100)."""
        return min(self.percent or 0, 100)


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` (15 Jan → 14 Mar is 1, → 15 Mar is 2)."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def _graduation_actuals(scope: Scope, first: datetime.date, last: datetime.date) -> dict[str, int | None]:
    """Graduated at or above UMK (graduation requires verified income at the UMK), the median months
    from enrolment to graduation, BSiMU per graduate, and the graduates of a year earlier still at or
    above the UMK at their 12-month check-in. Three queries."""
    graduations = TierChange.objects.filter(
        scope.profile_q("profile__"), to_tier=Tier.GRADUATED, changed_at__date__range=(first, last)
    )
    first_graduation: dict[int, tuple[datetime.date, datetime.date]] = {}
    for profile_id, enrolled_on, changed_at in graduations.order_by("changed_at", "pk").values_list(
        "profile_id", "profile__enrolled_on", "changed_at"
    ):
        first_graduation.setdefault(profile_id, (enrolled_on, timezone.localdate(changed_at)))
    graduates = len(first_graduation)
    months = [months_between(start, end) for start, end in first_graduation.values() if start]
    delivered = (
        Assistance.objects.filter(
            profile_id__in=graduations.values("profile_id"),
            status=Assistance.Status.DELIVERED,
            delivered_on__lte=last,
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    year_before = (first.replace(year=first.year - 1), last.replace(year=last.year - 1))
    still_above = GraduationWatch.objects.filter(
        scope.profile_q("profile__"), graduated_on__range=year_before, at_umk_12_months=True
    ).count()
    return {
        Indicator.GRADUATED_UMK: graduates,
        Indicator.MEDIAN_MONTHS: round(statistics.median(months)) if months else None,
        Indicator.BSIMU_PER_GRADUATE: round(delivered / graduates) if graduates else None,
        Indicator.ABOVE_UMK_12M: still_above,
    }


def actuals(*, year: int, region: Region | None) -> dict[str, int | None]:
    """Each indicator's actual for ``year`` in ``region`` (None: national). A fixed number of
    queries (eleven), whatever the amount of data."""
    scope = area_scope(region)
    first, last = _year(year)
    profiles = EntrepreneurProfile.objects.filter(scope.profile_q())
    enrolled = profiles.filter(enrolled_on__range=(first, last)).count()
    promoted = (
        TierChange.objects.filter(scope.profile_q("profile__"), changed_at__date__range=(first, last))
        .exclude(from_tier="")
        .values("profile_id")
        .distinct()
        .count()
    )
    bsimu = (
        Assistance.objects.filter(
            scope.profile_q("profile__"),
            status=Assistance.Status.DELIVERED,
            delivered_on__range=(first, last),
        ).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    trained = (
        BimtekParticipant.objects.filter(
            scope.region_q("event__region__"), completed_at__date__range=(first, last)
        )
        .values("user_id")
        .distinct()
        .count()
    )
    sessions = CommunitySession.objects.filter(scope.region_q("region__"), date__range=(first, last))
    others = sessions.aggregate(
        held=Count("pk"), **{name: Sum(name) for name in CommunitySession.OTHER_FIELDS}
    )
    registered = (
        EntrepreneurProfile.objects.filter(community_sessions__in=sessions.values("pk")).distinct().count()
    )
    complaints = Complaint.objects.filter(
        scope.region_q("region__"), resolved_at__date__range=(first, last), resolved_at__lte=F("due_at")
    ).count()
    placed = dict.fromkeys((Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED), 0)
    placed.update(
        TierChange.objects.filter(
            scope.profile_q("profile__"), placement__isnull=False, changed_at__date__range=(first, last)
        )
        .values_list("to_tier")
        .annotate(n=Count("profile_id", distinct=True))
        .order_by()
    )
    values: dict[str, int | None] = _graduation_actuals(scope, first, last)
    values.update(
        {
            Indicator.FAMILIES_ENROLLED: enrolled,
            Indicator.PLACED_BEGINNER: placed[Tier.BEGINNER],
            Indicator.PLACED_DEVELOPING: placed[Tier.DEVELOPING],
            Indicator.PLACED_ADVANCED: placed[Tier.ADVANCED],
            Indicator.PROMOTED: promoted,
            Indicator.BSIMU_DELIVERED: bsimu,
            Indicator.PILLARS_TRAINED: trained,
            Indicator.SESSIONS_HELD: others["held"],
            Indicator.PEOPLE_REACHED: registered
            + sum(others[name] or 0 for name in CommunitySession.OTHER_FIELDS),
            Indicator.COMPLAINTS_ON_TIME: complaints,
        }
    )
    return values


def board(*, year: int, region: Region | None) -> list[BoardRow]:
    """Target, actual and percentage per indicator for ``year`` and ``region``."""
    targets = dict(AreaTarget.objects.filter(year=year, region=region).values_list("indicator", "value"))
    found = actuals(year=year, region=region)
    return [
        BoardRow(
            indicator=value,
            label=str(label),
            target=targets.get(value),
            actual=found[value],
            money=value in MONEY,
        )
        for value, label in Indicator.choices
    ]


@dataclass(frozen=True)
class CascadeRow:
    organisation: str
    area: str
    trained: int
    sessions: int
    reached: int
    families: int
    promoted: int


def cascade(*, scope: Scope, year: int) -> list[CascadeRow]:
    """Pillars trained → sessions held → people reached → families reached who were promoted
    after attending, per organisation (sessions without one: per area). Four queries."""
    first, last = _year(year)
    sessions = CommunitySession.objects.filter(scope.region_q("region__"), date__range=(first, last))
    per_group = {
        (row["organisation__name"], row["region__name"]): row
        for row in sessions.values("organisation__name", "region__name")
        .annotate(
            held=Count("pk", distinct=True),
            **{name: Sum(name) for name in CommunitySession.OTHER_FIELDS},
        )
        .order_by()
    }
    families = {
        (row["organisation__name"], row["region__name"]): row
        for row in sessions.values("organisation__name", "region__name")
        .annotate(
            families=Count("participants", distinct=True),
            facilitators=Count("facilitator", distinct=True),
        )
        .order_by()
    }
    promoted = {
        (row["organisation__name"], row["region__name"]): row["n"]
        for row in sessions.filter(
            participants__tier_changes__changed_at__date__gte=F("date"),
            participants__tier_changes__changed_at__date__lte=last,
        )
        .exclude(participants__tier_changes__from_tier="")
        .values("organisation__name", "region__name")
        .annotate(n=Count("participants", distinct=True))
        .order_by()
    }
    trained = {
        (row["organisation__name"], row["event__region__name"]): row["n"]
        for row in BimtekParticipant.objects.filter(
            scope.region_q("event__region__"), completed_at__date__range=(first, last)
        )
        .values("organisation__name", "event__region__name")
        .annotate(n=Count("user", distinct=True))
        .order_by()
    }
    keys = sorted(set(per_group) | set(trained), key=lambda key: (key[0] or "", key[1] or ""))
    rows = []
    for key in keys:
        group = per_group.get(key, {})
        fam = families.get(key, {})
        rows.append(
            CascadeRow(
                organisation=key[0] or "—",
                area=key[1] or "—",
                trained=trained.get(key, 0),
                sessions=group.get("held", 0),
                reached=fam.get("families", 0)
                + sum(group.get(name) or 0 for name in CommunitySession.OTHER_FIELDS),
                families=fam.get("families", 0),
                promoted=promoted.get(key, 0),
            )
        )
    return rows


def training_of(user: User) -> QuerySet[BimtekParticipant]:
    """A pillar member's bimtek: invitations, attendance and completion, newest first."""
    return (
        BimtekParticipant.objects.filter(user=user)
        .select_related("event", "event__region")
        .order_by("-event__starts_on", "-pk")
    )
