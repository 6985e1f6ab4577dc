"""Admin home panels for program managers: a few numbers that say where to act today.

Each panel is a fixed number of aggregate queries, whatever the size of the program.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from core.money import format_rupiah
from incubator.models import (
    AWAITING_REVIEW,
    Assistance,
    EntrepreneurProfile,
    Milestone,
    PromotionRequest,
    Tier,
)
from incubator.scope import Scope, scope_for
from incubator.selectors import ATTENTION_FLAGS, needs_attention

STALE_AFTER = datetime.timedelta(days=7)

# The chart's geometry, in SVG user units.
CHART_WIDTH = 520
BAR_HEIGHT = 24
BAR_GAP = 10
LABEL_WIDTH = 180


class WorkspacePanel(Component):
    template_name = "workspace/panels/panel.html"
    heading = ""

    def __init__(self, scope: Scope | None = None):
        # The reader's area: every count on the panel is inside it.
        self.scope = scope if scope is not None else Scope(national=True)

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"heading": self.heading, "panel": self}


def tier_chart(counts: dict[str, int]) -> dict[str, Any]:
    """Horizontal bars for each tier, laid out here so the template only draws rectangles."""
    largest = max(counts.values(), default=0) or 1
    bar_room = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, tier in enumerate(Tier):
        count = counts.get(tier.value, 0)
        bars.append(
            {
                "label": tier.label,
                "count": count,
                "y": index * (BAR_HEIGHT + BAR_GAP),
                "width": max(round(bar_room * count / largest), 2 if count else 0),
                "tier": tier.value,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "text_y": BAR_HEIGHT // 2 + 5,
    }


class ParticipantsPerTierPanel(WorkspacePanel):
    name = "workspace_participants"
    order = 90
    template_name = "workspace/panels/participants.html"
    heading = _("Participants per tier")

    def get_context_data(self, parent_context=None):
        counts = dict(
            EntrepreneurProfile.objects.filter(self.scope.profile_q())
            .values_list("tier")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context = super().get_context_data(parent_context)
        context.update(
            chart=tier_chart(counts), total=sum(counts.values()), url=reverse("workspace_entrepreneurs:index")
        )
        return context


class ActionsWaitingPanel(WorkspacePanel):
    """Promotions to decide, submissions waiting over a week, assistance delivered this month."""

    name = "workspace_waiting"
    order = 91
    template_name = "workspace/panels/waiting.html"
    heading = _("Program: where to act")

    def get_context_data(self, parent_context=None):
        now = timezone.now()
        today = timezone.localdate()
        in_area = self.scope.profile_q("profile__")
        promotions = PromotionRequest.objects.filter(in_area, status=PromotionRequest.Status.PENDING).count()
        stale = Milestone.objects.filter(
            in_area, status__in=AWAITING_REVIEW, submitted_at__lt=now - STALE_AFTER
        ).count()
        delivered = Assistance.objects.filter(
            in_area,
            status=Assistance.Status.DELIVERED,
            delivered_on__gte=today.replace(day=1),
            delivered_on__lte=today,
        ).aggregate(count=Count("pk"), amount=Sum("amount"))
        context = super().get_context_data(parent_context)
        context.update(
            promotions=promotions,
            promotions_url=reverse("workspace_promotions:index"),
            stale=stale,
            stale_url=reverse("workspace_milestones:index") + f"?waiting_days={STALE_AFTER.days}",
            delivered_count=delivered["count"],
            delivered_amount=format_rupiah(delivered["amount"] or 0, empty="—"),
            assistance_url=reverse("workspace_assistance:index") + "?status=delivered",
        )
        return context


ATTENTION_LABELS = {
    "revenue_falling": _("Revenue falling two months running"),
    "figures_missing": _("Monthly figures missing"),
    "no_contact": _("No contact in 30 days"),
    "long_in_tier": _("In a tier longer than the area's median"),
    "below_umk_graduated": _("Below UMK after graduation"),
}


class NeedsAttentionPanel(WorkspacePanel):
    """How many families of the area raise each flag, and the ones raising most, each a link to
    their record. Two queries whatever the number of families: the areas' medians, then one
    statement that computes every family's flags once (a materialized CTE) and reads from it both
    the listed families and, beside each, the counts of every flagged family (window counts; a
    family raising a flag has ``attention > 0``, so counting those counts every family).

    The flags compare columns the services keep on each profile with one ``today``; only the latest
    contact is a correlated subquery, run once per family here (issue 17, at 10,000 families)."""

    name = "workspace_attention"
    order = 92
    template_name = "workspace/panels/attention.html"
    heading = _("Families needing attention")
    listed = 10

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        families = needs_attention(EntrepreneurProfile.objects.filter(self.scope.profile_q()), today=today)
        rows = _flagged(families, listed=self.listed)
        counts = dict.fromkeys(ATTENTION_FLAGS, 0)
        if rows:
            counts = {name: rows[0][f"n_{name}"] for name in ATTENTION_FLAGS}
        context = super().get_context_data(parent_context)
        context.update(
            flags=[(ATTENTION_LABELS[name], counts[name]) for name in ATTENTION_FLAGS],
            families=[
                {
                    "profile": EntrepreneurProfile(pk=row["id"], business_name=row["business_name"]),
                    "url": reverse("workspace_participants:record", args=[row["id"]]),
                    "flags": [ATTENTION_LABELS[name] for name in ATTENTION_FLAGS if row[name]],
                }
                for row in rows
            ],
        )
        return context


def _flagged(families, *, listed: int) -> list[dict[str, Any]]:
    """The ``listed`` families raising most flags (most first, then by business name), each row with
    its flags and the window counts ``n_<flag>`` over every flagged family: one statement."""
    # ``attention`` is summed here from the materialized flags: in the inner query it would repeat
    # each flag's expression, and PostgreSQL would run the latest-contact subquery twice per family.
    inner, params = families.values("id", "business_name", *ATTENTION_FLAGS).query.sql_with_params()
    counts = ", ".join(
        f'COUNT(*) FILTER (WHERE f."{name}") OVER () AS "n_{name}"' for name in ATTENTION_FLAGS
    )
    flags = ", ".join(f'f."{name}"' for name in ATTENTION_FLAGS)
    attention = " + ".join(f'CASE WHEN f."{name}" THEN 1 ELSE 0 END' for name in ATTENTION_FLAGS)
    sql = (
        f"WITH f AS MATERIALIZED ({inner}) "  # noqa: S608 (Django's SQL and constant names; values are parameters)
        f'SELECT f."id", f."business_name", {flags}, {counts} FROM f WHERE ({attention}) > 0 '
        f'ORDER BY ({attention}) DESC, f."business_name" ASC LIMIT %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, listed])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class NoAreaPanel(WorkspacePanel):
    """A manager without an area sees why every list is empty, instead of lists that look like no data."""

    name = "workspace_no_area"
    order = 10
    template_name = "workspace/panels/no_area.html"
    heading = _("No area assigned yet")


def panels_for(user) -> list[Component]:
    if not user.has_perm("incubator.view_entrepreneurprofile"):
        return []
    scope = scope_for(user)
    if scope.empty:
        return [NoAreaPanel(scope)]
    return [ParticipantsPerTierPanel(scope), ActionsWaitingPanel(scope), NeedsAttentionPanel(scope)]
