"""Reads of the incubator: each fetches and checks who may see it in one step.

A record the person may not see is answered with Http404 (never revealing that it exists).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    JSONField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber
from django.db.models.lookups import GreaterThan, LessThan
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from accounts import roles
from accounts.models import User
from incubator.models import (
    AWAITING_REVIEW,
    GRADUATION_REPORTS,
    TIER_SUPPORT,
    Assistance,
    Cohort,
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    EvidencePhoto,
    GraduationFlag,
    IncomeThreshold,
    IntakeAspect,
    IntakeAssessment,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    MonthlyReportEvent,
    ProfileChange,
    ProgramExit,
    PromotionRequest,
    Region,
    Tier,
    TierChange,
    next_tier,
)
from incubator.scope import scope_for


def profile_for(user: User) -> EntrepreneurProfile | None:
    """The person's own profile, with its regions and cohort, or None when not enrolled yet."""
    if not user.is_authenticated:
        return None
    return (
        EntrepreneurProfile.objects.select_related(
            "user", "cohort", "province", "regency", "district", "registered_by"
        )
        .filter(user=user)
        .first()
    )


def is_current_companion(profile: EntrepreneurProfile, *, user: User | None, role: str | None = None) -> bool:
    """Whether ``user`` accompanies ``profile`` now (in ``role``, when given). The one spelling of it."""
    if user is None or not user.is_authenticated:
        return False
    assignments = CompanionAssignment.objects.current().filter(profile=profile, companion=user)
    return (assignments.filter(role=role) if role else assignments).exists()


def _visible_profiles(user: User) -> Q:
    """Profiles this person may look at: their own and those they currently accompany."""
    return Q(user=user) | Q(
        pk__in=CompanionAssignment.objects.current().filter(companion=user).values("profile_id")
    )


def milestones_for(*, user: User, tier: str | None = None) -> QuerySet[Milestone]:
    """The person's milestones of their current tier (or of ``tier``), in path order."""
    qs = Milestone.objects.filter(profile__user=user).select_related("template", "submitted_by")
    if tier:
        qs = qs.filter(tier=tier)
    else:
        qs = qs.filter(tier=Subquery(EntrepreneurProfile.objects.filter(user=user).values("tier")[:1]))
    return qs.order_by("template__order")


def milestones_of(profile: EntrepreneurProfile) -> QuerySet[Milestone]:
    """Every milestone of a profile, all tiers, in path order (callers check access)."""
    return (
        Milestone.objects.filter(profile=profile)
        .select_related("template", "reviewed_by", "submitted_by", "profile")
        .annotate(tier_rank=_tier_rank("tier"))
        .order_by("tier_rank", "template__order")
    )


def _tier_rank(field_name: str) -> Case:
    return Case(
        *[When(**{field_name: t}, then=Value(i)) for i, t in enumerate(Tier.values)],
        default=Value(9),
        output_field=IntegerField(),
    )


def get_milestone_for(*, user: User, pk: int) -> Milestone:
    """The milestone if it is the person's own or of someone they currently accompany; else 404."""
    if not user.is_authenticated:
        raise Http404
    milestone = (
        Milestone.objects.select_related(
            "template", "profile", "profile__user", "reviewed_by", "submitted_by"
        )
        .filter(pk=pk)
        .filter(profile__in=EntrepreneurProfile.objects.filter(_visible_profiles(user)))
        .first()
    )
    if milestone is None:
        raise Http404
    return milestone


def get_milestone_for_review(*, user: User, pk: int) -> Milestone:
    """A milestone of an entrepreneur whose current business mentor is ``user``; else 404."""
    milestone = (
        Milestone.objects.select_related("template", "profile", "profile__user", "submitted_by")
        .filter(
            pk=pk,
            profile__assignments__companion=user,
            profile__assignments__role=CompanionRole.MENTOR,
            profile__assignments__ended_at__isnull=True,
        )
        .first()
    )
    if milestone is None:
        raise Http404
    return milestone


def current_photos(milestone: Milestone) -> list[EvidencePhoto]:
    """The photos of the latest submission that carried photos."""
    photos = list(milestone.photos.order_by("-version", "pk"))
    if not photos:
        return []
    latest = photos[0].version
    return sorted((p for p in photos if p.version == latest), key=lambda p: p.pk)


def milestone_history(milestone: Milestone, *, shown: int) -> tuple[list[MilestoneEvent], bool]:
    """The latest ``shown`` events, oldest first, and whether earlier ones exist: one query however
    long the history (a slice, never a count)."""
    rows = list(
        milestone.events.select_related("actor", "on_behalf_of").order_by("-created_at", "-pk")[: shown + 1]
    )
    return rows[:shown][::-1], len(rows) > shown


def _count(qs: QuerySet) -> Coalesce:
    """A per-profile count as a subquery: no joins multiplying rows, one query for any number."""
    return Coalesce(
        Subquery(qs.order_by().values("profile_id").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


PROGRESS_FIELDS = (
    "required_total",
    "required_verified",
    "waiting",
    "reports_waiting",
    "oldest_waiting",
    "umk_profit_total",
    "umk_months",
    "revenue_fell_twice",
    "last_report_month",
    "report_month_before",
    "graduation_flag_open",
)


def fresh_progress() -> dict[str, Expression]:
    """The progress counters of ``PROGRESS_FIELDS`` counted afresh for the outer query's profile
    (correlated subqueries): what ``services.refresh_progress`` writes, and what
    ``manage.py check_counters`` compares the stored columns with. Pages read the columns.

    * ``required_total``: active required milestone templates of the profile's tier;
    * ``required_verified``: of those, the profile's milestones verified in that tier;
    * ``waiting``: milestones submitted or resubmitted, waiting for review;
    * ``reports_waiting``: monthly figures not verified yet (a companion's entry waits for the
      business mentor's "Verify" too, C3);
    * ``oldest_waiting``: when the oldest waiting submission was sent;
    * ``umk_profit_total``, ``umk_months``: the sum and number of the latest ``GRADUATION_REPORTS``
      verified monthly profits (the distance to the UMK, ``UmkDistance``);
    * for ``needs_attention``: ``revenue_fell_twice`` (the latest three monthly reports' revenue
      fell twice in a row), ``last_report_month`` and ``report_month_before`` (the two latest months
      reported: no month can be reported before it starts, so last month's figures exist exactly
      when one of these is last month), ``graduation_flag_open`` (an open ``GraduationFlag``).
    """
    required_total = Coalesce(
        Subquery(
            MilestoneTemplate.objects.filter(tier=OuterRef("tier"), is_required=True, is_active=True)
            .order_by()
            .values("tier")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        Value(0),
        output_field=IntegerField(),
    )
    verified = Milestone.objects.filter(
        profile=OuterRef("pk"),
        tier=OuterRef("tier"),
        status=MilestoneStatus.VERIFIED,
        template__is_required=True,
        template__is_active=True,
    )
    waiting = Milestone.objects.filter(profile=OuterRef("pk"), status__in=AWAITING_REVIEW)
    oldest = Subquery(
        waiting.order_by().values("profile_id").annotate(first=Min("submitted_at")).values("first")[:1]
    )
    reports_waiting = MonthlyReport.objects.filter(profile=OuterRef("pk"), verified_at__isnull=True)
    latest = _latest_verified_reports().annotate(total=Sum("profit"), n=Count("pk"))
    return {
        "required_total": required_total,
        "required_verified": _count(verified),
        "waiting": _count(waiting),
        "reports_waiting": _count(reports_waiting),
        "oldest_waiting": oldest,
        "umk_profit_total": Subquery(latest.values("total")[:1]),
        "umk_months": Coalesce(Subquery(latest.values("n")[:1]), Value(0), output_field=IntegerField()),
        "revenue_fell_twice": Case(
            When(
                LessThan(_report_value(0), _report_value(1)),
                then=Case(
                    When(LessThan(_report_value(1), _report_value(2)), then=Value(True)),
                    default=Value(False),
                ),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
        "last_report_month": _report_value(0, "month"),
        "report_month_before": _report_value(1, "month"),
        "graduation_flag_open": Exists(
            GraduationFlag.objects.filter(profile=OuterRef("pk"), resolved_at__isnull=True)
        ),
    }


def progress_drift(qs: QuerySet[EntrepreneurProfile]) -> list[dict]:
    """Profiles of ``qs`` whose stored counters differ from a fresh count: for each, its id and
    ``{field: (stored, fresh)}`` of the fields that differ (one query)."""
    fresh = {f"fresh_{name}": expression for name, expression in fresh_progress().items()}
    rows = qs.order_by("pk").annotate(**fresh).values("pk", *PROGRESS_FIELDS, *fresh)
    drift = []
    for row in rows:
        fields = {
            name: (row[name], row[f"fresh_{name}"])
            for name in PROGRESS_FIELDS
            if row[name] != row[f"fresh_{name}"]
        }
        if fields:
            drift.append({"pk": row["pk"], "fields": fields})
    return drift


def mentees_for(*, companion: User) -> QuerySet[EntrepreneurProfile]:
    """Entrepreneurs the companion currently accompanies, those with submissions waiting first.

    With the stored progress counters (``PROGRESS_FIELDS``: ``required_verified``/``required_total``,
    ``waiting`` submissions, ``oldest_waiting``) and annotated with ``my_role``; one query whatever
    the number of entrepreneurs.
    """
    mine = CompanionAssignment.objects.current().filter(companion=companion)
    qs = EntrepreneurProfile.objects.filter(pk__in=mine.values("profile_id")).select_related(
        "user", "cohort", "regency", "district"
    )
    return qs.annotate(
        my_role=Subquery(mine.filter(profile=OuterRef("pk")).values("role")[:1]),
        has_waiting=Case(When(waiting__gt=0, then=Value(0)), default=Value(1), output_field=IntegerField()),
    ).order_by("has_waiting", "oldest_waiting", "-last_activity_at", "business_name")


UMK_BELOW, UMK_ABOVE = "below", "above"


def with_umk_average(
    qs: QuerySet[EntrepreneurProfile], *, today: datetime.date
) -> QuerySet[EntrepreneurProfile]:
    """``qs`` annotated with ``umk_amount`` (the regency's UMK in force ``today``), ``average_profit``
    (of the latest ``GRADUATION_REPORTS`` verified reports) and ``verified_reports`` (how many of
    those exist): the figures of ``umk_distances`` as correlated subqueries, for filtering and
    medians in the database. Measurable when ``verified_reports >= GRADUATION_REPORTS`` and
    ``umk_amount`` is set."""
    latest = _latest_verified_reports().annotate(average=Avg("profit"), n=Count("pk"))
    return qs.annotate(
        average_profit=Subquery(latest.values("average")[:1]),
        verified_reports=Subquery(latest.values("n")[:1]),
        umk_amount=_umk_in_force(today),
    )


def _latest_verified_reports() -> QuerySet[MonthlyReport]:
    """The latest ``GRADUATION_REPORTS`` verified monthly reports of the outer query's profile, grouped
    by profile (for a correlated aggregate)."""
    latest_ids = (
        MonthlyReport.objects.filter(profile=OuterRef(OuterRef("pk")), verified_at__isnull=False)
        .order_by("-month")
        .values("pk")[:GRADUATION_REPORTS]
    )
    return MonthlyReport.objects.filter(pk__in=Subquery(latest_ids)).order_by().values("profile_id")


def _umk_in_force(today: datetime.date) -> Subquery:
    """The UMK of the outer query's regency in force ``today``."""
    return Subquery(
        IncomeThreshold.objects.filter(regency=OuterRef("regency"), effective_from__lte=today)
        .order_by("-effective_from")
        .values("monthly_amount")[:1]
    )


def filter_mentees(
    qs: QuerySet[EntrepreneurProfile],
    *,
    today: datetime.date,
    search: str = "",
    tier: str = "",
    attention: bool = False,
    umk: str = "",
    state: str = "",
) -> QuerySet[EntrepreneurProfile]:
    """The companion's list narrowed: ``search`` in the business or the person's name, one ``tier``,
    only families that need attention (``needs_attention``), below or above the UMK (families whose
    distance cannot be measured yet match neither), one ``state`` of ``MENTEE_STATES``. Still one
    query for the list (plus one for the areas' medians when ``attention``)."""
    if state:
        qs = _filter_state(qs, state=state, today=today)
    if search:
        qs = qs.filter(Q(business_name__icontains=search) | Q(user__full_name__icontains=search))
    if tier:
        qs = qs.filter(tier=tier)
    if umk in (UMK_BELOW, UMK_ABOVE):
        measured = with_umk_average(qs, today=today).filter(
            verified_reports__gte=GRADUATION_REPORTS, umk_amount__isnull=False
        )
        if umk == UMK_BELOW:
            qs = measured.filter(average_profit__lt=F("umk_amount"))
        else:
            qs = measured.filter(average_profit__gte=F("umk_amount"))
    if attention:
        qs = needs_attention(qs, today=today).filter(attention__gt=0)
    return qs


STATE_WAITING, STATE_READY, STATE_NO_CONTACT, STATE_REPORT_MISSING = (
    "waiting",
    "ready",
    "no_contact",
    "report_missing",
)
MENTEE_STATES = (STATE_WAITING, STATE_READY, STATE_NO_CONTACT, STATE_REPORT_MISSING)
STATE_NO_CONTACT_DAYS = 14


def _filter_state(
    qs: QuerySet[EntrepreneurProfile], *, state: str, today: datetime.date
) -> QuerySet[EntrepreneurProfile]:
    """One of the companion's list filters, on the stored progress counters (``PROGRESS_FIELDS``) and
    the annotations of ``with_umk_average`` and ``needs_attention`` (correlated subqueries: no query
    per family).

    * ``waiting``: a milestone or monthly figures waiting for review;
    * ``ready``: a recommendation can be made now: no decision pending, not graduated, and either
      every required milestone of Beginner or Developing verified (promotion) or the verified
      average profit at or above the UMK (graduation, from any group);
    * ``no_contact``: no session or visit in the last 14 days;
    * ``report_missing``: no monthly figures for last month (``figures_missing``).
    """
    if state == STATE_WAITING:
        return qs.filter(Q(waiting__gt=0) | Q(reports_waiting__gt=0))
    if state == STATE_READY:
        pending = PromotionRequest.objects.filter(
            profile=OuterRef("pk"), status=PromotionRequest.Status.PENDING
        )
        qs = with_umk_average(qs, today=today).annotate(has_pending_promotion=Exists(pending))
        promotion = Q(tier__in=[Tier.BEGINNER, Tier.DEVELOPING], required_verified__gte=F("required_total"))
        graduation = Q(
            verified_reports__gte=GRADUATION_REPORTS,
            umk_amount__isnull=False,
            average_profit__gte=F("umk_amount"),
        )
        return qs.filter(promotion | graduation, has_pending_promotion=False).exclude(tier=Tier.GRADUATED)
    if state == STATE_NO_CONTACT:
        since = today - datetime.timedelta(days=STATE_NO_CONTACT_DAYS)
        qs = qs.annotate(state_last_contact=_last_contact())
        return qs.filter(Q(state_last_contact__isnull=True) | Q(state_last_contact__lt=since))
    if state == STATE_REPORT_MISSING:
        qs = qs.annotate(state_has_last_month=_has_last_month(today))
        return qs.filter(state_has_last_month=False).exclude(tier=Tier.GRADUATED)
    return qs


def get_mentee_for(*, companion: User, pk: int) -> EntrepreneurProfile:
    """One entrepreneur the companion currently accompanies; 404 otherwise.

    ``consent_withdrawn_at``: when the person's last consent was withdrawn, or None (same query).
    """
    from accounts.models import ConsentRecord

    last_consent = ConsentRecord.objects.filter(user_id=OuterRef("user_id")).order_by("-given_at", "-pk")
    profile = (
        mentees_for(companion=companion)
        .select_related("registered_by")
        .annotate(consent_withdrawn_at=Subquery(last_consent.values("withdrawn_at")[:1]))
        .filter(pk=pk)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def can_see_private_files(user: User, profile: EntrepreneurProfile) -> bool:
    """Owner, current companions and program managers of the profile's area.

    Former companions lose access (UU PDP); a manager outside the area is refused like a stranger.
    """
    if not user.is_authenticated:
        return False
    if profile.user_id == user.pk:
        return True
    if roles.is_manager(user):
        return scope_for(user).contains_profile(profile)
    return is_current_companion(profile, user=user)


@dataclass
class PortalDashboard:
    """What an entrepreneur sees first: built with a fixed number of queries."""

    profile: EntrepreneurProfile
    support_name: str
    support_text: str
    next_tier: str | None
    required_total: int
    required_verified: int
    next_milestone: Milestone | None
    mentor: CompanionAssignment | None
    social: CompanionAssignment | None
    latest_feedback: MilestoneEvent | None
    assistance: list[Assistance] = field(default_factory=list)
    assistance_delivered_total: int = 0
    promotion: PromotionRequest | None = None
    waiting: int = 0
    entered_for_you: list[OnBehalfEntry] = field(default_factory=list)
    umk: UmkDistance | None = None
    promotion_to_celebrate: bool = False  # read fresh with the profile, as ``promotion_to_celebrate``

    @property
    def percent(self) -> int:
        return round(100 * self.required_verified / self.required_total) if self.required_total else 100


DASHBOARD_CACHE_SECONDS = 600


def dashboard_for(user: User) -> PortalDashboard | None:
    """The entrepreneur's dashboard, or None when they have no profile yet.

    Its parts other than the profile (next milestone, companions, feedback, assistance, the latest
    recommendation, entries made for them) are cached under the profile's ``dashboard_version``,
    which every service that changes them bumps: one query when nothing changed (the profile with
    its counters), seven after a change. The key also holds the day and the language
    (the parts hold dates and words). Beyond the services of the parts, a milestone template saved
    (``save_milestone_template``, ``load_program``: its tier's families recounted) and a person's
    name changed or erased (``refresh_dashboards_showing``: ``dashboards_showing``) bump it too;
    ``DASHBOARD_CACHE_SECONDS`` bounds what nothing bumps (docs/architecture.md, "dashboard cache").
    """
    today = timezone.localdate()
    profile = (
        EntrepreneurProfile.objects.filter(user=user)
        .select_related("user", "cohort", "regency", "district", "registered_by")
        .annotate(umk_threshold=_umk_in_force(today), to_celebrate=Exists(_to_celebrate(OuterRef("pk"))))
        .first()
    )
    if profile is None:
        return None
    key = f"incubator:dashboard:{profile.pk}:{profile.dashboard_version}:{today.isoformat()}:{get_language()}"
    parts = cache.get(key)
    if parts is None:
        parts = _dashboard_parts(profile)
        cache.set(key, parts, DASHBOARD_CACHE_SECONDS)
    name, text = TIER_SUPPORT[Tier(profile.tier)]
    return PortalDashboard(
        profile=profile,
        support_name=name,
        support_text=text,
        next_tier=next_tier(profile.tier),
        required_total=profile.required_total,
        required_verified=profile.required_verified,
        waiting=profile.waiting,
        umk=_umk_of(profile),
        promotion_to_celebrate=profile.to_celebrate,
        **parts,
    )


def _dashboard_parts(profile: EntrepreneurProfile) -> dict:
    """What ``dashboard_for`` caches: six queries."""
    open_first = Case(
        When(status=MilestoneStatus.CHANGES_REQUESTED, then=Value(0)),
        When(status=MilestoneStatus.NOT_STARTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    next_milestone = (
        Milestone.objects.filter(
            profile=profile,
            tier=profile.tier,
            status__in=[MilestoneStatus.CHANGES_REQUESTED, MilestoneStatus.NOT_STARTED],
        )
        .select_related("template")
        .annotate(open_first=open_first)
        .order_by("open_first", "-template__is_required", "template__order")
        .first()
    )
    companions = {
        a.role: a
        for a in CompanionAssignment.objects.current()
        .filter(profile=profile)
        .select_related("companion", "companion__mentor_profile")
    }
    feedback = (
        MilestoneEvent.objects.filter(milestone__profile=profile)
        .exclude(comment="")
        .filter(to_status__in=[MilestoneStatus.VERIFIED, MilestoneStatus.CHANGES_REQUESTED])
        .select_related("milestone__template", "actor")
        .order_by("-created_at", "-pk")
        .first()
    )
    # The latest five and, beside each row, the total delivered over all of them (a window sum over
    # every row that is not cancelled, which includes every delivered one): one query.
    assistance = list(
        Assistance.objects.filter(profile=profile)
        .exclude(status=Assistance.Status.CANCELLED)
        .annotate(delivered_so_far=Window(Sum("amount", filter=Q(status=Assistance.Status.DELIVERED))))
        .order_by("-created_at")[:5]
    )
    return {
        "next_milestone": next_milestone,
        "mentor": companions.get(CompanionRole.MENTOR),
        "social": companions.get(CompanionRole.SOCIAL),
        "latest_feedback": feedback,
        "assistance": assistance,
        "assistance_delivered_total": (assistance[0].delivered_so_far or 0) if assistance else 0,
        "promotion": PromotionRequest.objects.filter(profile=profile).order_by("-created_at", "-pk").first(),
        "entered_for_you": entered_for(profile, limit=5),
    }


def dashboards_showing(user: User) -> QuerySet[EntrepreneurProfile]:
    """The profiles whose cached dashboard parts may show ``user``'s name or data: their own family's
    (the "for …" of entries made for them), the families they accompany or accompanied (the
    companion's card, the feedback) and those they entered something for (``entered_for``)."""
    on_behalf = {"actor": user, "on_behalf_of__isnull": False}
    return EntrepreneurProfile.objects.filter(
        Q(user=user)
        | Q(pk__in=CompanionAssignment.objects.filter(companion=user).values("profile_id"))
        | Q(pk__in=ProfileChange.objects.filter(**on_behalf).values("profile_id"))
        | Q(pk__in=MonthlyReportEvent.objects.filter(**on_behalf).values("report__profile_id"))
        | Q(pk__in=MilestoneEvent.objects.filter(**on_behalf).values("milestone__profile_id"))
    )


def _umk_of(profile: EntrepreneurProfile) -> UmkDistance:
    """The ``UmkDistance`` of a profile annotated with ``umk_threshold`` (the regency's UMK in force),
    from its stored ``umk_profit_total`` and ``umk_months`` (as ``umk_distance`` says it)."""
    months = profile.umk_months
    average = round(int(profile.umk_profit_total) / months) if months >= GRADUATION_REPORTS else None
    name = profile.regency.name if profile.regency_id else ""
    return UmkDistance(name, profile.umk_threshold, average, months)


def reports_for(profile: EntrepreneurProfile, *, limit: int = 24) -> list[MonthlyReport]:
    """The latest monthly reports, newest first (``report.profile`` is ``profile`` itself, no query)."""
    return list(
        profile.reports.select_related("verified_by", "entered_by", "corrected_by").order_by("-month")[:limit]
    )


def get_report_for(*, user: User, pk: int) -> MonthlyReport:
    """A monthly report of the person's own business or of someone they currently accompany; else 404."""
    if not user.is_authenticated:
        raise Http404
    report = (
        MonthlyReport.objects.select_related("profile", "profile__user", "entered_by", "corrected_by")
        .filter(pk=pk, profile__in=EntrepreneurProfile.objects.filter(_visible_profiles(user)))
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_history(report: MonthlyReport) -> QuerySet[MonthlyReportEvent]:
    return report.events.select_related("actor", "on_behalf_of").order_by("created_at", "pk")


def profile_changes(profile: EntrepreneurProfile, *, limit: int = 10) -> list[ProfileChange]:
    """The latest registration and edits of the business profile, newest first."""
    return list(
        profile.changes.select_related("actor", "on_behalf_of").order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class OnBehalfEntry:
    """Something another person entered for the entrepreneur: what, who, when, where to see it."""

    what: str
    actor: User | None
    owner: User
    at: datetime.datetime
    url: str


def entered_for(profile: EntrepreneurProfile, *, limit: int = 10) -> list[OnBehalfEntry]:
    """The latest writes someone else made for this entrepreneur, newest first (one query).

    Profile registration and edits, monthly figures entered or corrected, milestone evidence sent
    or withdrawn; reviews and verifications are not entries (they are the mentor's own acts). The
    three histories are read as one ``UNION ALL`` with the same columns (each history fills its own,
    the others are NULL), the actor's name included: no query per history or per person.
    """
    # Typed NULLs: PostgreSQL types an untyped NULL of the first SELECTs as text.
    none = {
        "e_fields": Cast(Value(None), output_field=JSONField()),
        "e_month": Cast(Value(None), output_field=DateField()),
        "e_milestone": Cast(Value(None), output_field=IntegerField()),
        "e_title": Value("", output_field=CharField()),
        "e_title_en": Value("", output_field=CharField()),
    }
    columns = ("e_src", "pk", "created_at", "e_code", *none, *(f"e_actor_{f}" for f in _ENTRY_ACTOR_FIELDS))

    def rows(qs: QuerySet, src: int, code: str, **own) -> QuerySet:
        return (
            qs.filter(on_behalf_of__isnull=False)
            .annotate(
                e_src=Value(src, output_field=IntegerField()),
                e_code=F(code),
                **{**none, **own},
                **{f"e_actor_{f}": F(f"actor__{f}") for f in _ENTRY_ACTOR_FIELDS},
            )
            .values_list(*columns)
            .order_by()
        )

    union = rows(ProfileChange.objects.filter(profile=profile), 0, "kind", e_fields=F("fields")).union(
        rows(
            MonthlyReportEvent.objects.filter(
                report__profile=profile,
                action__in=[MonthlyReportEvent.Action.ENTERED, MonthlyReportEvent.Action.CORRECTED],
            ),
            1,
            "action",
            e_month=F("report__month"),
        ),
        rows(
            MilestoneEvent.objects.filter(milestone__profile=profile),
            2,
            "to_status",
            e_milestone=F("milestone_id"),
            e_title=F("milestone__template__title"),
            e_title_en=F("milestone__template__title_en"),
        ),
        all=True,
    )
    owner = profile.user
    urls = {0: reverse("incubator:profile"), 1: reverse("incubator:reports")}
    entries = []
    for src, _pk, at, code, fields, month, milestone, title, title_en, *actor in union.order_by(
        "-created_at", "e_src", "-pk"
    )[:limit]:
        if src == 0:
            what = (
                gettext("Registration in the program")
                if code == ProfileChange.Kind.REGISTERED
                else gettext("Business profile: %(fields)s")
                % {"fields": ProfileChange(fields=fields or []).field_labels}
            )
        elif src == 1:
            what = (
                gettext("Monthly figures entered for %(month)s")
                if code == MonthlyReportEvent.Action.ENTERED
                else gettext("Monthly figures corrected for %(month)s")
            ) % {"month": date_format(month, "F Y")}
        else:
            what = (
                gettext("Evidence withdrawn: %(title)s")
                if code not in AWAITING_REVIEW
                else gettext("Evidence sent: %(title)s")
            ) % {"title": MilestoneTemplate(title=title, title_en=title_en).display_title}
        entries.append(
            OnBehalfEntry(
                what=what,
                actor=_entry_actor(actor, using=union.db),
                owner=owner,
                at=at,
                url=urls[src] if src < 2 else reverse("incubator:milestone_detail", args=[milestone]),
            )
        )
    return entries


# The actor's fields an entry carries (``str(user)`` reads them); the user's other fields stay deferred.
_ENTRY_ACTOR_FIELDS = ("id", "full_name", "email", "username")


def _entry_actor(values: list, *, using: str) -> User | None:
    by_name = dict(zip(_ENTRY_ACTOR_FIELDS, values, strict=True))
    if by_name["id"] is None:
        return None
    names = [f.attname for f in User._meta.concrete_fields if f.attname in by_name]  # from_db's order
    return User.from_db(using, names, [by_name[name] for name in names])


def tier_history(profile: EntrepreneurProfile) -> QuerySet[TierChange]:
    return profile.tier_changes.select_related("changed_by").order_by("changed_at", "pk")


def companions_history(profile: EntrepreneurProfile) -> QuerySet[CompanionAssignment]:
    return profile.assignments.select_related("companion").order_by("-started_at")


def mentee_events(profile: EntrepreneurProfile, *, limit: int = 30) -> QuerySet[MilestoneEvent]:
    return (
        MilestoneEvent.objects.filter(milestone__profile=profile)
        .select_related("milestone__template", "actor", "on_behalf_of")
        .order_by("-created_at", "-pk")[:limit]
    )


__all__ = [
    "OnBehalfEntry",
    "PortalDashboard",
    "can_see_private_files",
    "dashboard_for",
    "entered_for",
    "get_mentee_for",
    "get_milestone_for",
    "get_milestone_for_review",
    "get_report_for",
    "is_current_companion",
    "mentees_for",
    "milestones_for",
    "milestones_of",
    "profile_changes",
    "profile_for",
    "report_history",
]


# -- BSiMU budgets ---------------------------------------------------------------------------------

# The statuses that spend a cohort's budget (cancelled items give theirs back).
BUDGET_COMMITTED = ("planned", "approved", "delivered")


def committed_for(cohort: Cohort) -> int:
    """Rupiah planned, approved or delivered for the cohort's families."""
    total = Assistance.objects.filter(profile__cohort=cohort, status__in=BUDGET_COMMITTED).aggregate(
        t=Sum("amount")
    )
    return total["t"] or 0


def budget_line(cohort: Cohort | None) -> tuple[int | None, int]:
    """``(budget, remaining)`` of a cohort's BSiMU budget; ``(None, 0)`` when no budget is set."""
    from incubator.models import AssistanceBudget

    if cohort is None:
        return None, 0
    budget = AssistanceBudget.objects.filter(cohort=cohort).values_list("amount", flat=True).first()
    if budget is None:
        return None, 0
    return budget, budget - committed_for(cohort)


def budgets_in(scope) -> QuerySet[Cohort]:
    """The cohorts of a manager's area with ``budget`` (None when unset), ``committed`` and ``remaining``.

    One query whatever the number of cohorts (the budget is one-to-one, so the sum is not multiplied).
    """
    committed = Coalesce(
        Sum("profiles__assistance__amount", filter=Q(profiles__assistance__status__in=BUDGET_COMMITTED)),
        0,
    )
    return (
        Cohort.objects.filter(scope.cohort_q())
        .select_related("region")
        .annotate(budget=F("assistance_budget__amount"), committed=committed)
        .annotate(remaining=F("budget") - F("committed"))
        .order_by("-start_date", "name")
    )


def assistance_of(profile: EntrepreneurProfile) -> list[Assistance]:
    """The family's assistance (cancelled items left out), newest first: one query for the receipt card."""
    return list(
        Assistance.objects.filter(profile=profile)
        .exclude(status=Assistance.Status.CANCELLED)
        .order_by("-created_at", "-pk")
    )


def assistance_to_deliver(*, companion: User, pk: int) -> Assistance:
    """An assistance item of one of the companion's current families; Http404 for anyone else."""
    assistance = (
        Assistance.objects.select_related("profile", "profile__user")
        .filter(
            pk=pk,
            profile__in=CompanionAssignment.objects.current()
            .filter(companion=companion)
            .values("profile_id"),
        )
        .first()
    )
    if assistance is None:
        raise Http404
    return assistance


def assistance_for_receipt(*, user: User, pk: int) -> Assistance:
    """An assistance item the family or their current companion may confirm; Http404 for anyone else."""
    assistance = Assistance.objects.select_related("profile").filter(pk=pk).first()
    if assistance is None or not (
        assistance.profile.user_id == user.pk or is_current_companion(assistance.profile, user=user)
    ):
        raise Http404
    return assistance


# ---------------------------------------------------------------- distance to the UMK


@dataclass(frozen=True)
class UmkDistance:
    """A family's verified average monthly profit (last GRADUATION_REPORTS verified months) against
    the current UMK of its regency: the PENA graduation rule as one number."""

    regency_name: str
    threshold: int | None
    average_profit: int | None
    verified_months: int

    @property
    def measurable(self) -> bool:
        return self.threshold is not None and self.average_profit is not None

    @property
    def reached(self) -> bool:
        return self.measurable and self.average_profit >= self.threshold

    @property
    def gap(self) -> int | None:
        return max(0, self.threshold - self.average_profit) if self.measurable else None

    @property
    def message(self) -> str:
        from core.money import group_thousands

        if self.threshold is None:
            return gettext("No UMK is set for %(regency)s yet.") % {"regency": self.regency_name}
        if self.average_profit is None:
            return gettext(
                "%(n)d more verified monthly reports are needed to measure the distance to the UMK."
            ) % {"n": GRADUATION_REPORTS - self.verified_months}
        if self.reached:
            return gettext("At or above the UMK of %(regency)s") % {"regency": self.regency_name}
        return gettext("Rp %(gap)s more a month to reach the UMK of %(regency)s") % {
            "gap": group_thousands(self.gap),
            "regency": self.regency_name,
        }


def umk_distances(
    profiles: Iterable[EntrepreneurProfile], *, on: datetime.date | None = None
) -> dict[int, UmkDistance]:
    """``{profile id: UmkDistance}`` for many families in two queries, whatever their number."""
    profiles = list(profiles)
    if not profiles:
        return {}
    regencies = _regency_umks({p.regency_id for p in profiles}, on=on or timezone.localdate())
    profits: dict[int, list[int]] = {}
    latest = (
        MonthlyReport.objects.filter(profile_id__in=[p.pk for p in profiles], verified_at__isnull=False)
        .annotate(rank=Window(RowNumber(), partition_by=[F("profile_id")], order_by=F("month").desc()))
        .filter(rank__lte=GRADUATION_REPORTS)
        .values_list("profile_id", "profit")
    )
    for profile_id, profit in latest:
        profits.setdefault(profile_id, []).append(profit)
    result = {}
    for p in profiles:
        name, umk = regencies.get(p.regency_id, ("", None))
        rows = profits.get(p.pk, [])
        average = round(sum(rows) / len(rows)) if len(rows) >= GRADUATION_REPORTS else None
        result[p.pk] = UmkDistance(name, umk, average, len(rows))
    return result


def _regency_umks(regency_ids: set[int], *, on: datetime.date) -> dict[int, tuple[str, int | None]]:
    """``{regency id: (name, UMK in force on ``on``)}`` in one query."""
    current = (
        IncomeThreshold.objects.filter(regency=OuterRef("pk"), effective_from__lte=on)
        .order_by("-effective_from")
        .values("monthly_amount")[:1]
    )
    return {
        pk: (name, umk)
        for pk, name, umk in Region.objects.filter(pk__in=regency_ids)
        .annotate(umk=Subquery(current))
        .values_list("pk", "name", "umk")
    }


def current_umk(profile: EntrepreneurProfile, *, on: datetime.date | None = None) -> int | None:
    """The UMK of the family's regency in force ``on`` (today), in one query."""
    return (
        IncomeThreshold.objects.filter(
            regency_id=profile.regency_id, effective_from__lte=on or timezone.localdate()
        )
        .order_by("-effective_from")
        .values_list("monthly_amount", flat=True)
        .first()
    )


def umk_distance(profile: EntrepreneurProfile, *, on: datetime.date | None = None) -> UmkDistance:
    return umk_distances([profile], on=on)[profile.pk]


def with_umk_in_force(
    qs: QuerySet[EntrepreneurProfile], *, today: datetime.date
) -> QuerySet[EntrepreneurProfile]:
    """``qs`` annotated with its regency's name and the UMK in force ``today``, so that
    ``with_umk_distance`` needs no query of its own for the rows read."""
    return qs.annotate(umk_regency=F("regency__name"), umk_in_force=_umk_in_force(today))


def with_umk_distance(profiles: Iterable[EntrepreneurProfile]) -> list[EntrepreneurProfile]:
    """The profiles, each with ``umk_distance`` set, for a list on screen: one query for the whole
    list (the regencies' UMK; none when the rows come from ``with_umk_in_force``), the profits from
    the profiles' stored ``umk_profit_total`` and ``umk_months``. A rule (``graduation_eligibility``)
    counts afresh with ``umk_distance``."""
    profiles = list(profiles)
    if not profiles:
        return profiles
    if all(hasattr(p, "umk_in_force") for p in profiles):
        regencies = {p.regency_id: (p.umk_regency or "", p.umk_in_force) for p in profiles}
    else:
        regencies = _regency_umks({p.regency_id for p in profiles}, on=timezone.localdate())
    for p in profiles:
        name, umk = regencies.get(p.regency_id, ("", None))
        months = p.umk_months
        average = round(int(p.umk_profit_total) / months) if months >= GRADUATION_REPORTS else None
        p.umk_distance = UmkDistance(name, umk, average, months)
    return profiles


# ---------------------------------------------------------------- intake, graduation watch, exits


def intake_aspects() -> list[IntakeAspect]:
    return list(IntakeAspect.objects.filter(is_active=True).order_by("order", "code"))


def intake_history(profile: EntrepreneurProfile) -> QuerySet[IntakeAssessment]:
    """The family's assessments, newest first, with who assessed and who confirmed."""
    return IntakeAssessment.objects.filter(profile=profile).select_related("assessed_by", "confirmed_by")


def intake_history_all() -> QuerySet[IntakeAssessment]:
    """Every assessment (narrow it to an area with ``Scope.profile_q("profile__")``)."""
    return IntakeAssessment.objects.select_related(
        "profile", "profile__user", "profile__regency", "assessed_by"
    )


def pending_placements() -> QuerySet[IntakeAssessment]:
    """Assessments waiting for a manager (narrow them to an area with ``Scope.profile_q("profile__")``)."""
    return (
        IntakeAssessment.objects.filter(status=IntakeAssessment.Status.PENDING)
        .select_related("profile", "profile__user", "profile__regency", "assessed_by")
        .order_by("assessed_on", "pk")
    )


def open_exit(profile: EntrepreneurProfile) -> ProgramExit | None:
    return ProgramExit.objects.filter(profile=profile, re_entered_on__isnull=True).first()


def open_graduation_flags() -> QuerySet[GraduationFlag]:
    return GraduationFlag.objects.filter(resolved_at__isnull=True).select_related(
        "profile", "profile__user", "profile__regency", "watch"
    )


# -- promotion queue: eligibility of many families at once -----------------------------------------


@dataclass
class BatchEligibility:
    """What ``services.promotion_eligibility`` says, computed for a page of families at once."""

    eligible: bool
    missing: list[MilestoneTemplate] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    average_profit: int | None = None
    threshold: int | None = None


def promotion_eligibility_batch(
    profiles: list[EntrepreneurProfile], *, today: datetime.date
) -> dict[int, BatchEligibility]:
    """``{profile id: eligibility}`` with four queries whatever the number of families.

    The same rule as ``incubator.services.promotion.promotion_eligibility`` (the service re-checks
    it on approval; a test keeps the two in step): every required, active template of the tier
    verified; from Advanced also the average profit of the last 3 verified reports at or above the
    regency's UMK.
    """
    from core.money import group_thousands

    ids = [p.pk for p in profiles]
    tiers = {p.tier for p in profiles}
    templates: dict[str, list[MilestoneTemplate]] = {}
    for template in MilestoneTemplate.objects.filter(
        tier__in=tiers, is_required=True, is_active=True
    ).order_by("order"):
        templates.setdefault(template.tier, []).append(template)
    verified: dict[int, set[int]] = {}
    for profile_id, template_id in Milestone.objects.filter(
        profile_id__in=ids, status=MilestoneStatus.VERIFIED
    ).values_list("profile_id", "template_id"):
        verified.setdefault(profile_id, set()).add(template_id)
    advanced = [p for p in profiles if p.tier == Tier.ADVANCED]
    profits: dict[int, list[int]] = {}
    thresholds: dict[int, int] = {}
    if advanced:
        for profile_id, profit in (
            MonthlyReport.objects.filter(profile_id__in=[p.pk for p in advanced], verified_at__isnull=False)
            .order_by("profile_id", "-month")
            .values_list("profile_id", "profit")
        ):
            profits.setdefault(profile_id, []).append(profit)
        for regency_id, amount in (
            IncomeThreshold.objects.filter(
                regency_id__in={p.regency_id for p in advanced}, effective_from__lte=today
            )
            .order_by("regency_id", "-effective_from")
            .values_list("regency_id", "monthly_amount")
        ):
            thresholds.setdefault(regency_id, amount)
    result = {}
    for profile in profiles:
        if profile.tier == Tier.GRADUATED:
            result[profile.pk] = BatchEligibility(False, reasons=[gettext("Already graduated.")])
            continue
        done = verified.get(profile.pk, set())
        missing = [t for t in templates.get(profile.tier, []) if t.pk not in done]
        item = BatchEligibility(eligible=True, missing=missing)
        if missing:
            item.reasons.append(
                gettext("%(n)d required milestone(s) of this tier are not verified yet.")
                % {"n": len(missing)}
            )
        if profile.tier == Tier.ADVANCED:
            last = profits.get(profile.pk, [])[:GRADUATION_REPORTS]
            threshold = thresholds.get(profile.regency_id)
            item.threshold = threshold
            if len(last) < GRADUATION_REPORTS:
                item.reasons.append(
                    gettext("Graduation needs %(n)d verified monthly reports; there are %(have)d.")
                    % {"n": GRADUATION_REPORTS, "have": len(last)}
                )
            else:
                item.average_profit = round(sum(last) / len(last))
            if threshold is None:
                item.reasons.append(gettext("No income threshold (UMK) is set for this regency or city yet."))
            elif item.average_profit is not None and item.average_profit < threshold:
                item.reasons.append(
                    gettext(
                        "Average monthly profit (Rp %(avg)s) is below the regional threshold (Rp %(umk)s)."
                    )
                    % {"avg": group_thousands(item.average_profit), "umk": group_thousands(threshold)}
                )
        item.eligible = not item.reasons
        result[profile.pk] = item
    return result


# -- needs attention ------------------------------------------------------------------------------

ATTENTION_FLAGS = ("revenue_falling", "figures_missing", "no_contact", "long_in_tier", "below_umk_graduated")
NO_CONTACT_DAYS = 30


def _report_value(rank: int, field_name: str = "revenue", **filters) -> Subquery:
    """The ``rank``-th latest monthly report's ``field_name`` (0 = the latest)."""
    return Subquery(
        MonthlyReport.objects.filter(profile=OuterRef("pk"), **filters)
        .order_by("-month")
        .values(field_name)[rank : rank + 1]
    )


def _last_contact() -> Subquery:
    """The date of the family's latest session or visit (``mentoring``'s, reached through the
    relation's name so that this layer does not import it): the newest row of the sessions'
    ``(profile, date)`` index, no join and no GROUP BY per family."""
    sessions = EntrepreneurProfile._meta.get_field("mentoring_sessions").related_model._base_manager
    return Subquery(sessions.filter(profile=OuterRef("pk")).order_by("-date").values("date")[:1])


def _has_last_month(today: datetime.date) -> Exists:
    """Whether the family has monthly figures for the month before ``today``'s."""
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return Exists(MonthlyReport.objects.filter(profile=OuterRef("pk"), month=last_month))


class _MedianDaysSince(Aggregate):
    """PostgreSQL: the median number of days from ``tier_since``'s (UTC) date to ``today``, as
    Python's ``(a + b) // 2`` of the two middle values (``percentile_cont`` interpolates, ``FLOOR``)."""

    template = "FLOOR(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %%s::date - (%(expressions)s AT TIME ZONE 'UTC')::date))"
    output_field = IntegerField()

    def __init__(self, expression, *, today: datetime.date):
        super().__init__(expression)
        self.today = today

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, (self.today, *params)


def tier_medians(qs: QuerySet[EntrepreneurProfile], *, today: datetime.date) -> dict[tuple[int, str], int]:
    """``{(regency id, tier): median days in the tier}`` of the families of ``qs``'s regencies (one query).

    On PostgreSQL the database computes the medians (one row per regency and tier, not one per
    family: at 10,000 families the admin home fetched 10,000 rows for this, issue 17)."""
    families = EntrepreneurProfile.objects.filter(
        regency_id__in=qs.order_by().values("regency_id"),
        tier__in=[Tier.BEGINNER, Tier.DEVELOPING, Tier.ADVANCED],
    )
    if connection.vendor == "postgresql":
        rows = (
            families.order_by()
            .values("regency_id", "tier")
            .annotate(median=_MedianDaysSince("tier_since", today=today))
            .values_list("regency_id", "tier", "median")
        )
        return {(regency_id, tier): int(median) for regency_id, tier, median in rows}
    days: dict[tuple[int, str], list[int]] = {}
    rows = families.values_list("regency_id", "tier", "tier_since")
    for regency_id, tier, since in rows:
        days.setdefault((regency_id, tier), []).append((today - since.date()).days)
    medians = {}
    for key, values in days.items():
        values.sort()
        middle = len(values) // 2
        medians[key] = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) // 2
    return medians


def needs_attention(
    qs: QuerySet[EntrepreneurProfile], *, today: datetime.date
) -> QuerySet[EntrepreneurProfile]:
    """``qs`` annotated with one boolean per flag (``ATTENTION_FLAGS``) and ``attention`` (how many).

    One query for the families plus one for the areas' median time in a tier, whatever the number
    of families. The flags compare facts stored on each profile by the services (``PROGRESS_FIELDS``)
    with the one ``today`` given; only the latest contact (written by ``mentoring``) is a subquery:

    * ``revenue_falling``: the latest three monthly reports' revenue fell twice in a row;
    * ``figures_missing``: no report for last month;
    * ``no_contact``: no session or visit in the last 30 days;
    * ``long_in_tier``: in the tier longer than the median of the regency's families in that tier;
    * ``below_umk_graduated``: graduated, with an open ``GraduationFlag``: the graduation watch's
      rule (``services.graduation.graduation_check_in``: two consecutive monthly check-ins below
      the UMK during the watch) is the one rule; this flag reads its outcome, so the list, the home
      panel and the companion's notification never disagree.
    """
    long_q = Q(pk__in=[])
    for (regency_id, tier), median in tier_medians(qs, today=today).items():
        since = datetime.datetime.combine(today - datetime.timedelta(days=median), datetime.time.min)
        long_q |= Q(regency_id=regency_id, tier=tier, tier_since__lt=timezone.make_aware(since))

    def flag(q) -> Case:
        return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())

    contact_since = today - datetime.timedelta(days=NO_CONTACT_DAYS)
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    qs = qs.annotate(last_contact=_last_contact())
    qs = qs.annotate(
        revenue_falling=flag(Q(revenue_fell_twice=True)),
        figures_missing=flag(
            ~Q(last_report_month=last_month) & ~Q(report_month_before=last_month) & ~Q(tier=Tier.GRADUATED)
        ),
        # One comparison (never contacted: the earliest date), so the subquery appears once.
        no_contact=flag(
            GreaterThan(Value(contact_since), Coalesce("last_contact", Value(datetime.date.min)))
        ),
        long_in_tier=flag(long_q),
        below_umk_graduated=flag(Q(tier=Tier.GRADUATED, graduation_flag_open=True)),
    )
    total = sum(
        (Case(When(**{name: True}, then=Value(1)), default=Value(0)) for name in ATTENTION_FLAGS), Value(0)
    )
    return qs.annotate(attention=ExpressionWrapper(total, output_field=IntegerField()))


def promotion_to_celebrate(profile: EntrepreneurProfile) -> TierChange | None:
    """The newest approved promotion (or graduation) the entrepreneur has not seen celebrated yet."""
    return _to_celebrate(profile).order_by("-changed_at", "-pk").first()


def _to_celebrate(profile) -> QuerySet[TierChange]:
    return TierChange.objects.filter(profile=profile, promotion__isnull=False, celebrated_at__isnull=True)


def latest_promotion(profile: EntrepreneurProfile) -> TierChange | None:
    """The newest approved promotion or graduation of this profile, seen or not."""
    return (
        TierChange.objects.filter(profile=profile, promotion__isnull=False)
        .order_by("-changed_at", "-pk")
        .first()
    )
