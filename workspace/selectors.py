"""Reads of the workspace: the listings' querysets with everything their columns show, in one query."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from incubator.models import (
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    MentorProfile,
    Milestone,
    PromotionRequest,
)


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
