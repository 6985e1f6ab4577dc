"""Reads of the workspace: the listings' querysets with everything their columns show, in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from complaints.models import Category, Complaint
from complaints.permissions import may_see_harassment
from incubator.charts import Chart, revenue_chart
from incubator.models import (
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    EvidencePhoto,
    GraduationFlag,
    IncomeThreshold,
    IntakeAspect,
    IntakeAssessment,
    MentorProfile,
    Milestone,
    MilestoneEvent,
    ProgramExit,
    PromotionRequest,
    Tier,
    TierChange,
)
from incubator.scope import scope_for
from mentoring.models import MentoringSession
from workspace.models import BackgroundJob


def _current_companion(role: str, outer: str = "pk") -> Subquery:
    return Subquery(
        CompanionAssignment.objects.filter(profile=OuterRef(outer), role=role, ended_at__isnull=True).values(
            "companion__full_name"
        )[:1]
    )


def entrepreneurs_for_listing() -> QuerySet[EntrepreneurProfile]:
    return EntrepreneurProfile.objects.select_related(
        "user", "cohort", "province", "regency", "district"
    ).annotate(
        full_name=F("user__full_name"),
        phone=F("user__phone"),
        email=F("user__email"),
        cohort_name=F("cohort__name"),
        province_name=F("province__name"),
        regency_name=F("regency__name"),
        district_name=F("district__name"),
        mentor_name=_current_companion(CompanionRole.MENTOR),
        social_name=_current_companion(CompanionRole.SOCIAL),
    )


def milestones_for_listing() -> QuerySet[Milestone]:
    return Milestone.objects.select_related(
        "profile", "profile__user", "profile__cohort", "template"
    ).annotate(
        business_name=F("profile__business_name"),
        full_name=F("profile__user__full_name"),
        cohort_name=F("profile__cohort__name"),
        regency_name=F("profile__regency__name"),
        template_code=F("template__code"),
        template_title=F("template__title"),
        mentor_name=_current_companion(CompanionRole.MENTOR, "profile"),
    )


def companions_for_listing() -> QuerySet[MentorProfile]:
    return MentorProfile.objects.select_related("user").annotate(
        current_load=Count(
            "user__companion_assignments", filter=Q(user__companion_assignments__ended_at__isnull=True)
        )
    )


def pending_promotions() -> QuerySet[PromotionRequest]:
    return (
        PromotionRequest.objects.filter(status=PromotionRequest.Status.PENDING)
        .select_related("profile", "profile__user", "profile__regency", "profile__cohort", "recommended_by")
        .order_by("created_at", "pk")
    )


def may_review_tasks(user) -> bool:
    """Whether Wagtail's ``TaskState.objects.reviewable_by(user)`` may find anything: a superuser, a
    member of a group of an active group-approval task, or an active task of another kind (which
    decides for itself). One query; none for a superuser."""
    from wagtail.models import Task

    if user.is_superuser:
        return True
    return (
        Task.objects.filter(active=True)
        .filter(Q(groupapprovaltask__isnull=True) | Q(groupapprovaltask__groups__user=user))
        .exists()
    )


def pending_promotion_count(scope) -> int:
    """How many promotions wait for a decision in ``scope`` (the menu's count): one query."""
    return PromotionRequest.objects.filter(
        scope.profile_q("profile__"), status=PromotionRequest.Status.PENDING
    ).count()


# ---------------------------------------------------------------- the participant record


@dataclass
class ParticipantRecord:
    """Everything a manager sees about one family, fetched with a fixed number of queries."""

    profile: EntrepreneurProfile
    tier_history: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    threshold: int | None = None
    chart: Chart | None = None
    assistance: list = field(default_factory=list)
    companions: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    complaints: list = field(default_factory=list)
    placement: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    exits: list = field(default_factory=list)
    open_exit: ProgramExit | None = None
    open_flag: GraduationFlag | None = None


def participants_for(user) -> QuerySet[EntrepreneurProfile]:
    """The profiles a manager may open a record of: those in their area."""
    return EntrepreneurProfile.objects.filter(scope_for(user).profile_q()).select_related(
        "user", "cohort", "province", "regency", "district", "registered_by"
    )


def placement_history(profile: EntrepreneurProfile) -> list[TierChange]:
    """Where the family was placed and moved, oldest first.

    Hook for the intake assessment (branch ``family``): today the tier history is the placement
    record; once assessments exist, the lead returns them here (one query) and the record's
    "Placement" section shows them.
    """
    return list(profile.tier_changes.select_related("changed_by").order_by("changed_at", "pk"))


def participant_record(profile: EntrepreneurProfile, *, user) -> ParticipantRecord:
    """The record's sections; the query count does not depend on the length of the history."""
    tier_history = placement_history(profile)
    photos = Prefetch("photos", queryset=EvidencePhoto.objects.order_by("version", "pk"))
    events = Prefetch(
        "events", queryset=MilestoneEvent.objects.select_related("actor").order_by("created_at", "pk")
    )
    milestones = list(
        Milestone.objects.filter(profile=profile)
        .select_related("template", "reviewed_by")
        .prefetch_related(photos, events)
        .order_by("template__tier", "template__order")
    )
    rank = {tier: i for i, tier in enumerate(Tier.values)}
    milestones.sort(key=lambda m: (rank.get(m.tier, 9), m.template.order))
    reports = list(profile.reports.select_related("verified_by").order_by("month"))
    threshold = (
        IncomeThreshold.objects.filter(
            regency_id=profile.regency_id, effective_from__lte=timezone.localdate()
        )
        .order_by("-effective_from")
        .values_list("monthly_amount", flat=True)
        .first()
    )
    exits = list(profile.exits.select_related("recorded_by", "re_entered_by").order_by("-exited_on", "-pk"))
    complaints = Complaint.objects.filter(profile=profile).order_by("-created_at")
    if not may_see_harassment(user):
        complaints = complaints.exclude(category=Category.HARASSMENT)
    return ParticipantRecord(
        profile=profile,
        tier_history=tier_history,
        milestones=milestones,
        reports=list(reversed(reports)),
        threshold=threshold,
        chart=revenue_chart(reports, umk=threshold),
        assistance=list(profile.assistance.select_related("approved_by").order_by("-created_at")),
        companions=list(profile.assignments.select_related("companion").order_by("-started_at")),
        sessions=list(
            MentoringSession.objects.filter(profile=profile)
            .select_related("companion", "fieldvisit")
            .order_by("-date", "-pk")
        ),
        complaints=list(complaints),
        assessments=intake_assessments(profile),
        exits=exits,
        open_exit=next((e for e in exits if e.re_entered_on is None), None),
        open_flag=GraduationFlag.objects.filter(profile=profile, resolved_at__isnull=True)
        .select_related("watch")
        .order_by("-created_at")
        .first(),
    )


def intake_assessments(profile: EntrepreneurProfile) -> list[IntakeAssessment]:
    """The family's intake assessments, newest first, each with ``score_rows`` (aspect title, score,
    what the score means): two queries (the assessments, then the aspects they name)."""
    assessments = list(
        IntakeAssessment.objects.filter(profile=profile)
        .select_related("assessed_by", "confirmed_by")
        .order_by("-assessed_on", "-pk")
    )
    codes = {code for a in assessments for code in a.scores}
    aspects = {a.code: a for a in IntakeAspect.objects.filter(code__in=codes)} if codes else {}
    for assessment in assessments:
        rows = []
        for code, score in assessment.scores.items():
            aspect = aspects.get(code)
            title = aspect.display_title if aspect else code
            meaning = getattr(aspect, f"level_{score}", "") if aspect is not None else ""
            rows.append((title, score, meaning))
        assessment.score_rows = rows
    return assessments


# ---------------------------------------------------------------- background jobs


def import_jobs_for(*, user) -> QuerySet[BackgroundJob]:
    """The jobs started in ``user``'s area (or below it), newest first; national managers see all."""
    scope = scope_for(user)
    jobs = BackgroundJob.objects.select_related("created_by", "area").order_by("-created_at", "-pk")
    if scope.national:
        return jobs
    if scope.region is None:
        return jobs.none()
    return jobs.filter(scope.region_q("area__"))


def get_import_job_for(*, user, pk: int) -> BackgroundJob:
    """The job if it belongs to ``user``'s area; Http404 otherwise (never reveal that it exists)."""
    return get_object_or_404(import_jobs_for(user=user), pk=pk)
