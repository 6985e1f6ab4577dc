"""Filters of the workspace listings (django-filter through Wagtail's ``WagtailFilterSet``)."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from accounts.models import User
from complaints import permissions as complaint_permissions
from complaints import selectors as complaint_selectors
from complaints.models import Category, Complaint, Status
from incubator.models import (
    AWAITING_REVIEW,
    WORKING_TIERS,
    Assistance,
    Cohort,
    CompanionAssignment,
    CompanionRole,
    EntrepreneurProfile,
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    PromotionRequest,
    Region,
    Sector,
    Tier,
)

MAX_WAITING_DAYS = 36500  # a hundred years: more than any milestone can have waited


def _companions() -> QuerySet[User]:
    return User.objects.filter(mentor_profile__isnull=False).order_by("full_name")


def _regions(level: str):
    return lambda request: Region.objects.filter(level=level).order_by("name")


def filter_by_current_companion(queryset: QuerySet, profile_path: str, companion: User | None) -> QuerySet:
    """Rows whose entrepreneur (reached through ``profile_path``) is accompanied by ``companion`` now."""
    if companion is None:
        return queryset
    current = CompanionAssignment.objects.filter(
        profile=OuterRef(profile_path), companion=companion, ended_at__isnull=True
    )
    return queryset.filter(Exists(current))


class EntrepreneurFilterSet(WagtailFilterSet):
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices)
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=_regions(Region.Level.PROVINCE))
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency/city"), queryset=_regions(Region.Level.REGENCY)
    )
    companion = django_filters.ModelChoiceFilter(
        label=_("Companion"), queryset=_companions(), method="filter_companion"
    )
    no_mentor = django_filters.BooleanFilter(
        label=_("No business mentor yet"), method="filter_no_mentor", widget=forms.CheckboxInput
    )
    no_social = django_filters.BooleanFilter(
        label=_("No social companion yet"), method="filter_no_social", widget=forms.CheckboxInput
    )

    class Meta:
        model = EntrepreneurProfile
        fields = ["cohort", "tier", "sector", "province", "regency", "companion", "no_mentor", "no_social"]

    def filter_companion(self, queryset, name, value):
        return filter_by_current_companion(queryset, "pk", value)

    def filter_no_mentor(self, queryset, name, value):
        return without_current_companion(queryset, CompanionRole.MENTOR) if value else queryset

    def filter_no_social(self, queryset, name, value):
        return without_current_companion(queryset, CompanionRole.SOCIAL) if value else queryset


def without_current_companion(queryset: QuerySet, role: str) -> QuerySet:
    """Families with no current companion of ``role`` (a NOT EXISTS: no joined rows)."""
    current = CompanionAssignment.objects.filter(profile=OuterRef("pk"), role=role, ended_at__isnull=True)
    return queryset.filter(~Exists(current))


class MilestoneFilterSet(WagtailFilterSet):
    # Bounded: a huge number of days would overflow the date arithmetic (a form error instead).
    waiting_days = django_filters.NumberFilter(
        label=_("Waiting for review longer than (days)"),
        min_value=0,
        max_value=MAX_WAITING_DAYS,
        method="filter_waiting",
    )
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.all(), field_name="profile__cohort"
    )
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MilestoneStatus.choices)
    template = django_filters.ModelChoiceFilter(
        label=_("Milestone"), queryset=MilestoneTemplate.objects.all()
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency/city"), queryset=_regions(Region.Level.REGENCY), field_name="profile__regency"
    )
    companion = django_filters.ModelChoiceFilter(
        label=_("Companion"), queryset=_companions(), method="filter_companion"
    )

    class Meta:
        model = Milestone
        fields = ["cohort", "tier", "status", "template", "regency", "companion", "waiting_days"]

    def filter_companion(self, queryset, name, value):
        return filter_by_current_companion(queryset, "profile", value)

    def filter_waiting(self, queryset, name, value):
        since = timezone.now() - datetime.timedelta(days=int(value))
        return queryset.filter(status__in=AWAITING_REVIEW, submitted_at__lt=since)


class AssignmentFilterSet(WagtailFilterSet):
    current = django_filters.BooleanFilter(
        label=_("Still running"), field_name="ended_at", lookup_expr="isnull"
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=CompanionAssignment._meta.get_field("role").choices
    )
    companion = django_filters.ModelChoiceFilter(label=_("Companion"), queryset=_companions())
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.all(), field_name="profile__cohort"
    )

    class Meta:
        model = CompanionAssignment
        fields = ["current", "role", "companion", "cohort"]


class AssistanceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Assistance.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Assistance.Kind.choices)
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=Tier.choices)
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.all(), field_name="profile__cohort"
    )

    class Meta:
        model = Assistance
        fields = ["status", "kind", "tier", "cohort"]


class RegionFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(label=_("Region level"), choices=Region.Level.choices)

    class Meta:
        model = Region
        fields = ["level"]


class ComplaintQueueFilterSet(WagtailFilterSet):
    """The complaint queue: open ones unless a status (or "all") is asked for; a category, harassment
    offered only to those who may handle it (the rows themselves come from ``complaints_for_handler``)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("all", _("All")), *Status.choices],
        empty_label=_("Open (new, assigned, in progress)"),
        method="filter_status",
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All categories")
    )

    class Meta:
        model = Complaint
        fields = ["status", "category"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not complaint_permissions.may_see_harassment(request.user):
            self.filters["category"].extra["choices"] = [
                (value, label) for value, label in Category.choices if value != Category.HARASSMENT
            ]

    def filter_status(self, queryset, name, value):
        return complaint_selectors.with_status(queryset, value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = complaint_selectors.with_status(queryset, "")  # the blank choice: open ones
        return queryset


GRADUATION = "graduation"
NEXT_TIER = "next"
PROMOTION_KINDS = [(NEXT_TIER, _("Next tier (naik tingkat)")), (GRADUATION, _("Graduation (lulus)"))]


class PromotionQueueFilterSet(WagtailFilterSet):
    tier = django_filters.ChoiceFilter(
        label=_("Tier"),
        field_name="from_tier",
        choices=[(tier.value, tier.label) for tier in WORKING_TIERS],
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PROMOTION_KINDS, method="filter_kind")

    class Meta:
        model = PromotionRequest
        fields = ["tier", "kind"]

    def filter_kind(self, queryset, name, value):
        if value == GRADUATION:
            return queryset.filter(to_tier=Tier.GRADUATED)
        return queryset.exclude(to_tier=Tier.GRADUATED)
