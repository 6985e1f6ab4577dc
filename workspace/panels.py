"""Admin home panels for program managers: a few numbers that say where to act today.

Each panel is a fixed number of aggregate queries, whatever the size of the program. The three
program panels are cached as HTML (``CachedPanel``) under the area's version: one aggregate query
over the area's families (how many, the newest id, the sum of their ``dashboard_version``, which the
incubator's services and ``mentoring``'s contacts bump), with the area, the language and the day in
the key (issue 17).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
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
# The longest a cached home panel is shown: bounds what no service bumps (as the dashboard's cache).
HOME_PANEL_CACHE_SECONDS = 600

# The chart's geometry, in SVG user units.
CHART_WIDTH = 520
BAR_HEIGHT = 24
BAR_GAP = 10
LABEL_WIDTH = 180


class HomeRequest:
    """What the program panels of one admin home share: the area, the clock read once, and the area's
    version (read at most once, when a panel looks in the cache)."""

    def __init__(self, scope: Scope, *, now: datetime.datetime | None = None):
        self.scope = scope
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self._version: str | None = None

    @property
    def area(self) -> str:
        if self.scope.national:
            return "national"
        return f"region-{self.scope.region.pk}" if self.scope.region else "none"

    def version(self) -> str:
        """How many families the area has, the newest one, the sum of their ids and the sum of their
        dashboard versions: a family enrolled, removed, moved to another area or changed by a service
        (every one bumps ``dashboard_version``, which never goes down) changes it. One aggregate query
        over the area's families."""
        if self._version is None:
            row = (
                EntrepreneurProfile.objects.filter(self.scope.profile_q())
                .order_by()
                .aggregate(n=Count("pk"), last=Max("pk"), ids=Sum("pk"), bumps=Sum("dashboard_version"))
            )
            self._version = f"{row['n']}.{row['last'] or 0}.{row['ids'] or 0}.{row['bumps'] or 0}"
        return self._version


class WorkspacePanel(Component):
    template_name = "workspace/panels/panel.html"
    heading = ""

    def __init__(self, scope: Scope | None = None, *, home: HomeRequest | None = None):
        # The reader's area: every count on the panel is inside it.
        scope = scope if scope is not None else Scope(national=True)
        self.home = home if home is not None else HomeRequest(scope)
        self.scope = self.home.scope

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"heading": self.heading, "panel": self}


class CachedPanel(WorkspacePanel):
    """A panel whose HTML is cached under the area, its version, the language and the day; a panel
    may also say until when its HTML holds (``valid_until``: a count that changes with time alone)."""

    valid_until: datetime.datetime | None = None

    def cache_key(self) -> str:
        home = self.home
        return f"workspace:home:{self.name}:{home.area}:{home.version()}:{get_language()}:{home.today.isoformat()}"

    def render_html(self, parent_context=None):
        key = self.cache_key()
        cached = cache.get(key)
        if cached is not None:
            html, valid_until = cached
            if valid_until is None or self.home.now < valid_until:
                return html
        html = super().render_html(parent_context)
        cache.set(key, (html, self.valid_until), HOME_PANEL_CACHE_SECONDS)
        return html


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


class ParticipantsPerTierPanel(CachedPanel):
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


class ActionsWaitingPanel(CachedPanel):
    """Promotions to decide, submissions waiting over a week, assistance delivered this month.

    Its HTML holds until the oldest submission not yet a week old turns a week old."""

    name = "workspace_waiting"
    order = 91
    template_name = "workspace/panels/waiting.html"
    heading = _("Program: where to act")

    def get_context_data(self, parent_context=None):
        today = self.home.today
        in_area = self.scope.profile_q("profile__")
        promotions = PromotionRequest.objects.filter(in_area, status=PromotionRequest.Status.PENDING).count()
        cutoff = self.home.now - STALE_AFTER
        waiting = Milestone.objects.filter(in_area, status__in=AWAITING_REVIEW).aggregate(
            stale=Count("pk", filter=Q(submitted_at__lt=cutoff)),
            next_stale=Min("submitted_at", filter=Q(submitted_at__gte=cutoff)),
        )
        stale = waiting["stale"]
        self.valid_until = waiting["next_stale"] + STALE_AFTER if waiting["next_stale"] else None
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


class NeedsAttentionPanel(CachedPanel):
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
        today = self.home.today
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
    home = HomeRequest(scope)
    return [
        ParticipantsPerTierPanel(home=home),
        ActionsWaitingPanel(home=home),
        NeedsAttentionPanel(home=home),
    ]
