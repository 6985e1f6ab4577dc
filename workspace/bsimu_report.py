"""The program report's BSiMU block: planned → approved → delivered → confirmed per tier and area,
and the deliveries the family has not confirmed after N days.

Kept apart from ``program_report`` (one function, one template include) so the report's other
sections can change without touching it.

With a period (``workspace.periods``) each step counts the items whose step is dated in it, as the
program report counts events: planned by the day it was recorded, approved by its approval, delivered
by its delivery day, confirmed by the family's answer; the unconfirmed list keeps the deliveries of
the period. ``bsimu_rows`` gives the block as the report's export rows (``workspace.reporting``).

The outcome (issue 20): of the delivered items whose business-plan line names the milestone it should
help reach, how many saw the family verify that milestone within ``OUTCOME_DAYS`` after the delivery
day, per tier; an item delivered fewer than ``OUTCOME_DAYS`` ago and not reached yet is still "open".
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import format_rupiah
from incubator.models import Assistance, Cohort, Milestone, MilestoneStatus, Region
from incubator.scope import Scope
from workspace.periods import Period
from workspace.program_report import _profile_scope, _within
from workspace.reporting import display_number

# Days after delivery without the family's "yes" before a delivery is listed as unconfirmed.
UNCONFIRMED_DAYS = 14
UNCONFIRMED_LISTED = 50
# Days after delivery within which the plan line's milestone counts as reached thanks to the assistance.
OUTCOME_DAYS = 90

_REACHED_APPROVAL = Q(status__in=[Assistance.Status.APPROVED, Assistance.Status.DELIVERED])
_DELIVERED = Q(status=Assistance.Status.DELIVERED)
_CONFIRMED = _DELIVERED & Q(receipt=Assistance.Receipt.CONFIRMED)


STEPS = ("planned", "approved", "delivered", "confirmed")


def _figures(condition: Q) -> dict[str, Any]:
    kwargs = {"filter": condition} if condition else {}
    return {"count": Count("pk", **kwargs), "amount": Coalesce(Sum("amount", **kwargs), 0)}


def _steps(period: Period | None) -> dict[str, Q]:
    """Each step's condition, narrowed to the items whose step is dated in ``period``."""
    return {
        "planned": _within(period, "created_at"),
        "approved": _REACHED_APPROVAL & _within(period, "approved_at"),
        "delivered": _DELIVERED & _within(period, "delivered_on", dates=True),
        "confirmed": _CONFIRMED & _within(period, "receipt_answered_at"),
    }


def bsimu_report(
    *,
    today: datetime.date,
    cohort: Cohort | None = None,
    region: Region | None = None,
    area: Scope | None = None,
    period: Period | None = None,
    unconfirmed_days: int = UNCONFIRMED_DAYS,
) -> dict[str, Any]:
    """BSiMU totals per tier and regency (counts and rupiah at each step) and the unconfirmed deliveries.

    Cancelled items are left out. Two queries, whatever the number of items.
    """
    items = Assistance.objects.filter(_profile_scope("profile__", cohort, region, area)).exclude(
        status=Assistance.Status.CANCELLED
    )
    steps = _steps(period)
    annotations = {}
    for step, condition in steps.items():
        figures = _figures(condition)
        annotations[f"{step}_count"] = figures["count"]
        annotations[f"{step}_amount"] = figures["amount"]
    in_period = items
    if period is not None:  # only the tiers and areas with a step in the period
        any_step = Q()
        for condition in steps.values():
            any_step |= condition
        in_period = items.filter(any_step)
    rows = list(
        in_period.values("tier", "profile__regency__name")
        .annotate(**annotations)
        .order_by("tier", "profile__regency__name")
    )
    for row in rows:
        row["tier_label"] = Assistance(tier=row["tier"]).get_tier_display()
        row["area"] = row.pop("profile__regency__name")
    cutoff = today - datetime.timedelta(days=unconfirmed_days)
    unconfirmed = list(
        items.filter(_DELIVERED, _within(period, "delivered_on", dates=True), delivered_on__lte=cutoff)
        .exclude(receipt=Assistance.Receipt.CONFIRMED)
        .select_related("profile", "profile__user", "profile__regency")
        .order_by("delivered_on", "pk")[: UNCONFIRMED_LISTED + 1]
    )
    return {
        "period": period,
        "rows": rows,
        "outcome": milestone_outcome(items, today=today, period=period),
        "outcome_days": OUTCOME_DAYS,
        "unconfirmed_days": unconfirmed_days,
        "unconfirmed": unconfirmed[:UNCONFIRMED_LISTED],
        "unconfirmed_more": len(unconfirmed) > UNCONFIRMED_LISTED,
    }


def milestone_outcome(items, *, today: datetime.date, period: Period | None) -> list[dict[str, Any]]:
    """Per tier: delivered items linked to a milestone, how many reached it within ``OUTCOME_DAYS``
    of delivery (verified on or after the delivery day), how many are still open, how many missed.

    Two queries whatever the number of items: the linked deliveries, then the families' verified
    milestones of those templates.
    """
    linked = list(
        items.filter(
            _DELIVERED, _within(period, "delivered_on", dates=True), plan_line__milestone__isnull=False
        )
        .values_list("tier", "profile_id", "plan_line__milestone_id", "delivered_on")
        .order_by()
    )
    if not linked:
        return []
    verified = {
        (profile_id, template_id): reviewed_at
        for profile_id, template_id, reviewed_at in Milestone.objects.filter(
            profile_id__in={row[1] for row in linked},
            template_id__in={row[2] for row in linked},
            status=MilestoneStatus.VERIFIED,
        ).values_list("profile_id", "template_id", "reviewed_at")
    }
    tiers: dict[str, dict[str, Any]] = {}
    window = datetime.timedelta(days=OUTCOME_DAYS)
    for tier, profile_id, template_id, delivered_on in linked:
        row = tiers.setdefault(
            tier,
            {
                "tier": tier,
                "tier_label": Assistance(tier=tier).get_tier_display(),
                "linked": 0,
                "reached": 0,
                "open": 0,
            },
        )
        row["linked"] += 1
        reviewed_at = verified.get((profile_id, template_id))
        reviewed_on = timezone.localdate(reviewed_at) if reviewed_at else None
        if reviewed_on is not None and delivered_on <= reviewed_on <= delivered_on + window:
            row["reached"] += 1
        elif today <= delivered_on + window:
            row["open"] += 1
    for row in tiers.values():
        row["missed"] = row["linked"] - row["reached"] - row["open"]
    order = list(Assistance._meta.get_field("tier").choices or [])
    rank = {value: i for i, (value, _label) in enumerate(order)}
    return sorted(tiers.values(), key=lambda row: rank.get(row["tier"], len(rank)))


def bsimu_rows(block: dict[str, Any]) -> list[dict[str, Any]]:
    """The block as the report's flat rows (``workspace.reporting``): a count and an amount per step
    for each tier and area, then the unconfirmed deliveries, each with its amount."""
    labels = {
        "planned": _("Planned"),
        "approved": _("Approved"),
        "delivered": _("Delivered"),
        "confirmed": _("Confirmed by the family"),
    }
    rows: list[dict[str, Any]] = []
    for row in block["rows"]:
        label = f"{row['tier_label']} · {row['area'] or '—'}"
        for step in STEPS:
            count, amount = row[f"{step}_count"], row[f"{step}_amount"]
            rows.append(
                {
                    "section": _("BSiMU: %(step)s (count)") % {"step": labels[step]},
                    "label": label,
                    "value": display_number(count, "count"),
                    "number": count,
                    "unit": "count",
                }
            )
            rows.append(
                {
                    "section": _("BSiMU: %(step)s (amount)") % {"step": labels[step]},
                    "label": label,
                    "value": format_rupiah(amount),
                    "number": amount,
                    "unit": "rupiah",
                }
            )
    outcome = _("BSiMU: the plan line's milestone verified within %(days)d days of delivery") % {
        "days": block["outcome_days"]
    }
    for row in block["outcome"]:
        rows.append(
            {
                "section": outcome,
                "label": row["tier_label"],
                "value": f"{display_number(row['reached'], 'count')} / {display_number(row['linked'], 'count')}",
                "number": row["reached"],
                "unit": "count",
            }
        )
    section = _("BSiMU: delivered %(days)d days ago or more, not confirmed by the family") % {
        "days": block["unconfirmed_days"]
    }
    for item in block["unconfirmed"]:
        rows.append(
            {
                "section": section,
                "label": f"{item.profile.business_name} · {item.plan_item} · {item.delivered_on.isoformat()}",
                "value": format_rupiah(item.amount),
                "number": item.amount,
                "unit": "rupiah",
            }
        )
    return rows
