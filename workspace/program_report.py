"""The program's figures, computed by the database: "simple, directed and measurable".

Every figure is an aggregate query; no Python loop walks over entrepreneurs, milestones or reports.
Medians use PostgreSQL's ``percentile_cont``; SQLite has no such aggregate, so there the median is
read from the ordered single-column query: a COUNT, then the one or two middle values (OFFSET),
which reads at most two rows whatever the size of the program. Either way the number of queries is
the same for 10 or 10,000 entrepreneurs.

Definitions:

* *days in tier* — completed stays only: from a TierChange into a tier to the next TierChange of
  that entrepreneur (the stay in the current tier is still running and is not counted).
* *verification rate* — verified milestones / milestones ever submitted.
* *review time* — for each verification, from the latest submission before it to the verification.
* *revenue change* — per entrepreneur with at least two monthly reports: revenue of the latest
  report minus revenue of the first (entered, not only verified, reports).
* *complaints* — complaints and referral needs whose region lies in the area/region asked for
  (cohort: those about an entrepreneur of the cohort), all categories counted, harassment
  included as a number only; a referral counts as a resolution (``complaints.selectors``).
* *active* — participants, revenue change and visits count families still in the program: a family
  with an exit not followed by a re-entry (``ProgramExit``) is left out of those denominators.
* *exits* — families currently out of the program, by reason.
* *graduation watch* — graduates (``GraduationWatch``) and, of those whose 6th/12th month after
  graduation has been reported, how many were at or above their regency's UMK then.
* *period* — when a period is asked for (``workspace.periods``), the figures about events count
  only events dated in it: tier changes (and the stays they start), milestone verifications,
  assistance delivered, exits, graduations, placements and complaints raised. Head counts
  (participants, milestone statuses, revenue change, distance to UMK) are as of today.
* *placement* — intake assessments whose starting group a manager confirmed, by that group, and how
  many of those overrode the suggested group.
* *distance to UMK* — per working tier, the median of (UMK of the regency − the verified average
  monthly profit of the family's latest three verified reports): positive is below the UMK,
  negative above; families without three verified reports or without a UMK are left out.
* *visits* — field visits to the entrepreneurs counted, per companion per month over the last
  six months, and the share of those entrepreneurs visited in the last 30 days
  (``mentoring.selectors.visit_metrics``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from incubator.models import (
    AWAITING_REVIEW,
    GRADUATION_REPORTS,
    WORKING_TIERS,
    Assistance,
    Cohort,
    EntrepreneurProfile,
    ExitReason,
    GraduationWatch,
    IntakeAssessment,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    MonthlyReport,
    ProgramExit,
    Region,
    Tier,
    TierChange,
    active_profiles_q,
)
from incubator.scope import Scope
from incubator.selectors import with_umk_average
from workspace.periods import Period


class PercentileCont(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5) WITHIN GROUP (ORDER BY x)``: the median."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def median(queryset: QuerySet, expression, output_field) -> Any:
    """The median of ``expression`` over ``queryset`` (None when empty), in one or two queries."""
    if connection.vendor == "postgresql":
        return queryset.aggregate(m=PercentileCont(expression, output_field=output_field))["m"]
    values = queryset.annotate(_m=ExpressionWrapper(expression, output_field=output_field)).filter(
        _m__isnull=False
    )
    count = values.count()
    if not count:
        return None
    middle = list(values.order_by("_m").values_list("_m", flat=True)[(count - 1) // 2 : count // 2 + 1])
    return middle[0] if len(middle) == 1 else middle[0] + (middle[1] - middle[0]) / 2


def _profile_scope(prefix: str, cohort: Cohort | None, region: Region | None, area: Scope | None = None) -> Q:
    scope = area.profile_q(prefix) if area is not None else Q()
    if cohort is not None:
        scope &= Q(**{f"{prefix}cohort": cohort})
    if region is not None:
        scope &= (
            Q(**{f"{prefix}province": region})
            | Q(**{f"{prefix}regency": region})
            | Q(**{f"{prefix}district": region})
        )
    return scope


def _within(period: Period | None, field: str, *, dates: bool = False) -> Q:
    """``field`` inside the period (a DateField with ``dates``, else a DateTimeField); Q() without one."""
    if period is None:
        return Q()
    if dates:
        return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})
    start, after = period.datetimes()
    return Q(**{f"{field}__gte": start, f"{field}__lt": after})


def _days(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


def _hours(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def participants(scope: Q) -> dict[str, Any]:
    rows = (
        EntrepreneurProfile.objects.filter(scope)
        .values("cohort__name", "tier")
        .annotate(n=Count("pk"))
        .order_by("cohort__name", "tier")
    )
    by_tier = {tier.value: 0 for tier in Tier}
    cohorts: dict[str, dict[str, int]] = {}
    for row in rows:  # one row per (cohort, tier): at most cohorts × 4
        name = row["cohort__name"] or ""
        cohorts.setdefault(name, {tier.value: 0 for tier in Tier})[row["tier"]] = row["n"]
        by_tier[row["tier"]] += row["n"]
    return {
        "total": sum(by_tier.values()),
        "by_tier": by_tier,
        "by_cohort": [
            {"cohort": name, "by_tier": tiers, "total": sum(tiers.values())}
            for name, tiers in cohorts.items()
        ],
    }


def tier_changes_by_month(scope: Q) -> list[dict[str, Any]]:
    rows = (
        TierChange.objects.filter(scope)
        .exclude(from_tier="")
        .annotate(month=TruncMonth("changed_at"))
        .values("month")
        .annotate(
            promotions=Count("pk", filter=~Q(to_tier=Tier.GRADUATED)),
            graduations=Count("pk", filter=Q(to_tier=Tier.GRADUATED)),
        )
        .order_by("month")
    )
    return [
        {
            "month": row["month"].strftime("%Y-%m"),
            "promotions": row["promotions"],
            "graduations": row["graduations"],
        }
        for row in rows
    ]


def median_days_in_tier(scope: Q) -> dict[str, float | None]:
    next_change = (
        TierChange.objects.filter(profile=OuterRef("profile"), changed_at__gt=OuterRef("changed_at"))
        .order_by("changed_at")
        .values("changed_at")[:1]
    )
    stays = (
        TierChange.objects.filter(scope).annotate(left_at=Subquery(next_change)).filter(left_at__isnull=False)
    )
    return {
        tier: _days(median(stays.filter(to_tier=tier), F("left_at") - F("changed_at"), DurationField()))
        for tier in WORKING_TIERS
    }


def milestone_figures(scope: Q, event_scope: Q) -> dict[str, Any]:
    counts = Milestone.objects.filter(scope).aggregate(
        submitted=Count("pk", filter=~Q(status=MilestoneStatus.NOT_STARTED)),
        verified=Count("pk", filter=Q(status=MilestoneStatus.VERIFIED)),
        waiting=Count("pk", filter=Q(status__in=AWAITING_REVIEW)),
    )
    last_submission = (
        MilestoneEvent.objects.filter(
            milestone=OuterRef("milestone"),
            to_status__in=AWAITING_REVIEW,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    verifications = (
        MilestoneEvent.objects.filter(event_scope, to_status=MilestoneStatus.VERIFIED)
        .annotate(submitted_at=Subquery(last_submission))
        .filter(submitted_at__isnull=False)
    )
    review = median(verifications, F("created_at") - F("submitted_at"), DurationField())
    rate = round(counts["verified"] / counts["submitted"], 3) if counts["submitted"] else None
    return {**counts, "verification_rate": rate, "median_review_hours": _hours(review)}


def assistance_delivered(scope: Q) -> dict[str, dict[str, int]]:
    rows = (
        Assistance.objects.filter(scope, status=Assistance.Status.DELIVERED)
        .values("tier")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .order_by("tier")
    )
    result = {tier: {"count": 0, "amount": 0} for tier in WORKING_TIERS}
    for row in rows:
        result[row["tier"]] = {"count": row["count"], "amount": row["amount"] or 0}
    return result


def revenue_change(scope: Q) -> dict[str, Any]:
    reports = MonthlyReport.objects.filter(profile=OuterRef("pk"))
    profiles = EntrepreneurProfile.objects.filter(scope).annotate(
        first_month=Subquery(reports.order_by("month").values("month")[:1]),
        last_month=Subquery(reports.order_by("-month").values("month")[:1]),
        first_revenue=Subquery(reports.order_by("month").values("revenue")[:1]),
        last_revenue=Subquery(reports.order_by("-month").values("revenue")[:1]),
    )
    with_two = profiles.filter(first_month__isnull=False).exclude(first_month=F("last_month"))
    value = median(with_two, F("last_revenue") - F("first_revenue"), FloatField())
    return {"profiles": with_two.count(), "median_change": None if value is None else round(value)}


def exits_by_reason(scope: Q) -> dict[str, Any]:
    rows = (
        ProgramExit.objects.filter(scope, re_entered_on__isnull=True)
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by("reason")
    )
    by_reason = {reason.value: 0 for reason in ExitReason}
    for row in rows:
        by_reason[row["reason"]] = row["n"]
    return {"total": sum(by_reason.values()), "by_reason": by_reason}


def graduation_watch(scope: Q) -> dict[str, int]:
    return GraduationWatch.objects.filter(scope).aggregate(
        graduates=Count("pk"),
        checked_6_months=Count("pk", filter=Q(at_umk_6_months__isnull=False)),
        at_umk_6_months=Count("pk", filter=Q(at_umk_6_months=True)),
        checked_12_months=Count("pk", filter=Q(at_umk_12_months__isnull=False)),
        at_umk_12_months=Count("pk", filter=Q(at_umk_12_months=True)),
    )


def placement_by_group(scope: Q) -> dict[str, Any]:
    """Confirmed starting groups by tier, and how many overrode the suggested group (one query)."""
    counts = IntakeAssessment.objects.filter(scope, confirmed_at__isnull=False).exclude(placed_tier="")
    figures = counts.aggregate(
        overridden=Count("pk", filter=~Q(placed_tier=F("suggested_tier"))),
        **{tier: Count("pk", filter=Q(placed_tier=tier)) for tier in WORKING_TIERS},
    )
    overridden = figures.pop("overridden")
    return {"by_tier": figures, "total": sum(figures.values()), "overridden": overridden}


def umk_distance_by_tier(scope: Q, *, today: datetime.date) -> dict[str, float | None]:
    """Per working tier, the median of UMK − verified average monthly profit (positive: below the UMK).

    The average is of the latest ``GRADUATION_REPORTS`` verified reports, as on the family's portal
    (``incubator.selectors.with_umk_average``), as correlated subqueries so that the median stays
    one aggregate per tier.
    """
    measured = with_umk_average(EntrepreneurProfile.objects.filter(scope), today=today).filter(
        verified_reports__gte=GRADUATION_REPORTS, umk_amount__isnull=False
    )
    result = {}
    for tier in WORKING_TIERS:
        value = median(measured.filter(tier=tier), F("umk_amount") - F("average_profit"), FloatField())
        result[tier] = None if value is None else round(value)
    return result


def _complaint_scope(cohort: Cohort | None, region: Region | None, area: Scope | None) -> Q:
    scope = area.region_q("region__") if area is not None else Q()
    if cohort is not None:
        scope &= Q(profile__cohort=cohort)
    if region is not None:
        scope &= Scope(region=region).region_q("region__")
    return scope


def complaint_figures(scope: Q, *, now: datetime.datetime) -> dict[str, Any]:
    from complaints.models import Complaint
    from complaints.selectors import complaint_metrics

    return complaint_metrics(Complaint.objects.filter(scope), now=now)


def visit_figures(profiles: Q, *, today: datetime.date) -> dict[str, Any]:
    from mentoring.selectors import visit_metrics

    metrics = visit_metrics(EntrepreneurProfile.objects.filter(profiles), today=today)
    per_companion = metrics["per_companion_month"]
    companions = {row["companion_id"] for row in per_companion}
    months = len(metrics["months"])
    total = sum(row["visits"] for row in per_companion)
    return {
        "start": metrics["start"].isoformat(),
        "end": metrics["end"].isoformat(),
        "per_companion_month": [
            {"companion": row["companion"], "month": row["month"].strftime("%Y-%m"), "visits": row["visits"]}
            for row in per_companion
        ],
        # Over companions who visited at least once in the window, and every month of it.
        "average_per_companion_month": round(total / (len(companions) * months), 2) if companions else None,
        "visited_last_30_days": metrics["visited_last_30_days"],
    }


def program_report(
    *,
    cohort: Cohort | None = None,
    region: Region | None = None,
    area: Scope | None = None,
    period: Period | None = None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """All the program's figures for a cohort and/or region (a province, regency or district).

    ``area`` is the reader's area (``incubator.scope``): every figure counts only entrepreneurs in
    it, whatever cohort or region is asked for. ``None`` means the whole program (the command).
    ``period`` narrows the event figures (see the module's definitions); ``now`` is the one clock
    reading of the report.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    everyone = _profile_scope("", cohort, region, area)
    profiles = everyone & active_profiles_q()  # the denominators: families still in the program
    related = _profile_scope("profile__", cohort, region, area)
    changes = related & _within(period, "changed_at")
    return {
        "scope": {
            "cohort": cohort.name if cohort else None,
            "region": region.name if region else None,
            "area": area.label if area is not None else None,
            "period": None if period is None else period.label,
        },
        "generated_at": now.isoformat(timespec="seconds"),
        "participants": participants(profiles),
        "placement": placement_by_group(related & _within(period, "confirmed_at")),
        "umk_distance_by_tier": umk_distance_by_tier(profiles, today=today),
        "tier_changes_by_month": tier_changes_by_month(changes),
        "median_days_in_tier": median_days_in_tier(changes),
        "milestones": milestone_figures(
            related,
            _profile_scope("milestone__profile__", cohort, region, area) & _within(period, "created_at"),
        ),
        "assistance_delivered": assistance_delivered(related & _within(period, "delivered_on", dates=True)),
        "revenue_change": revenue_change(profiles),
        "complaints": complaint_figures(
            _complaint_scope(cohort, region, area) & _within(period, "created_at"), now=now
        ),
        "visits": visit_figures(profiles, today=today),
        "exits": exits_by_reason(related & _within(period, "exited_on", dates=True)),
        "graduation_watch": graduation_watch(related & _within(period, "graduated_on", dates=True)),
    }
