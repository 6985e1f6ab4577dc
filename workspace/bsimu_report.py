"""The program report's BSiMU block: planned → approved → delivered → confirmed per tier and area,
and the deliveries the family has not confirmed after N days.

Kept apart from ``program_report`` (one function, one template include) so the report's other
sections can change without touching it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from incubator.models import Assistance, Cohort, Region
from incubator.scope import Scope
from workspace.program_report import _profile_scope

# Days after delivery without the family's "yes" before a delivery is listed as unconfirmed.
UNCONFIRMED_DAYS = 14
UNCONFIRMED_LISTED = 50

_REACHED_APPROVAL = Q(status__in=[Assistance.Status.APPROVED, Assistance.Status.DELIVERED])
_DELIVERED = Q(status=Assistance.Status.DELIVERED)
_CONFIRMED = _DELIVERED & Q(receipt=Assistance.Receipt.CONFIRMED)


def _figures(condition: Q | None) -> dict[str, Any]:
    kwargs = {"filter": condition} if condition is not None else {}
    return {"count": Count("pk", **kwargs), "amount": Coalesce(Sum("amount", **kwargs), 0)}


def bsimu_report(
    *,
    today: datetime.date,
    cohort: Cohort | None = None,
    region: Region | None = None,
    area: Scope | None = None,
    unconfirmed_days: int = UNCONFIRMED_DAYS,
) -> dict[str, Any]:
    """BSiMU totals per tier and regency (counts and rupiah at each step) and the unconfirmed deliveries.

    Cancelled items are left out. Two queries, whatever the number of items.
    """
    items = Assistance.objects.filter(_profile_scope("profile__", cohort, region, area)).exclude(
        status=Assistance.Status.CANCELLED
    )
    annotations = {}
    for step, condition in (
        ("planned", None),
        ("approved", _REACHED_APPROVAL),
        ("delivered", _DELIVERED),
        ("confirmed", _CONFIRMED),
    ):
        figures = _figures(condition)
        annotations[f"{step}_count"] = figures["count"]
        annotations[f"{step}_amount"] = figures["amount"]
    rows = list(
        items.values("tier", "profile__regency__name")
        .annotate(**annotations)
        .order_by("tier", "profile__regency__name")
    )
    for row in rows:
        row["tier_label"] = Assistance(tier=row["tier"]).get_tier_display()
        row["area"] = row.pop("profile__regency__name")
    cutoff = today - datetime.timedelta(days=unconfirmed_days)
    unconfirmed = list(
        items.filter(_DELIVERED, delivered_on__lte=cutoff)
        .exclude(receipt=Assistance.Receipt.CONFIRMED)
        .select_related("profile", "profile__user", "profile__regency")
        .order_by("delivered_on", "pk")[: UNCONFIRMED_LISTED + 1]
    )
    return {
        "rows": rows,
        "unconfirmed_days": unconfirmed_days,
        "unconfirmed": unconfirmed[:UNCONFIRMED_LISTED],
        "unconfirmed_more": len(unconfirmed) > UNCONFIRMED_LISTED,
    }
