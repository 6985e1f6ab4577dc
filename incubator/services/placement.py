"""Placement at intake: the assessment, the suggested group and the area manager's decision."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.errors import IncubatorError, NotAllowed, PlacementError
from incubator.models import (
    INTAKE_MAX_SCORE,
    NOTE_MAX,
    REASON_MAX,
    WORKING_TIERS,
    EntrepreneurProfile,
    IntakeAspect,
    IntakeAssessment,
    ProgramExit,
    Tier,
    TierChange,
)
from incubator.program_data import PlacementRule, placement_rule
from incubator.selectors import is_current_companion
from incubator.services._common import (
    MAX_WORKERS,
    clean_amount,
    create_tier_milestones,
    is_program_manager,
    notify,
    require_manager_for,
    required_text,
)
from incubator.services.milestones import complete_automatic_milestones


@dataclass(frozen=True)
class PlacementThresholds:
    """The rule in points for a given highest total, as shown on screen."""

    max_total: int
    developing_from: int
    advanced_from: int

    @property
    def text(self) -> str:
        return _(
            "Total score out of %(max)d: below %(dev)d Beginner; %(dev)d to %(adv_below)d Developing; "
            "%(adv)d or more Advanced."
        ) % {
            "max": self.max_total,
            "dev": self.developing_from,
            "adv_below": self.advanced_from - 1,
            "adv": self.advanced_from,
        }


def placement_thresholds(max_total: int, rule: PlacementRule | None = None) -> PlacementThresholds:
    rule = rule or placement_rule()
    return PlacementThresholds(
        max_total,
        math.ceil(max_total * rule.developing_from_percent / 100),
        math.ceil(max_total * rule.advanced_from_percent / 100),
    )


def suggest_tier(total: int, max_total: int, rule: PlacementRule | None = None) -> str:
    """The suggested starting group for a total score (pure: no database)."""
    thresholds = placement_thresholds(max_total, rule)
    if max_total > 0 and total >= thresholds.advanced_from:
        return Tier.ADVANCED
    if max_total > 0 and total >= thresholds.developing_from:
        return Tier.DEVELOPING
    return Tier.BEGINNER


def _clean_scores(scores: dict[str, Any], aspects: list[IntakeAspect]) -> dict[str, int]:
    known = {a.code for a in aspects}
    unknown = set(scores) - known
    if unknown:
        raise PlacementError(_("Unknown aspects: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    clean = {}
    for aspect in aspects:
        value = scores.get(aspect.code)
        try:
            number = int(value) if value not in (None, "") and not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        if number is None or not 0 <= number <= INTAKE_MAX_SCORE:
            raise PlacementError(
                _("Please give “%(aspect)s” a score from 0 to %(max)d.")
                % {"aspect": aspect.display_title, "max": INTAKE_MAX_SCORE}
            )
        clean[aspect.code] = number
    return clean


def _require_in_program(profile: EntrepreneurProfile) -> None:
    if ProgramExit.objects.filter(profile=profile, re_entered_on__isnull=True).exists():
        raise PlacementError(_("This family has left the program; record their re-entry first."))
    if profile.tier == Tier.GRADUATED:
        raise PlacementError(_("This family has graduated; there is no group to place them in."))


@transaction.atomic
def record_intake_assessment(
    profile: EntrepreneurProfile,
    *,
    by: User,
    scores: dict[str, Any],
    baseline_revenue: Any,
    baseline_costs: Any,
    baseline_workers: Any = 0,
    baseline_permits: str = "",
    baseline_assets: Any = 0,
    notes: str = "",
    assessed_on: datetime.date | None = None,
) -> IntakeAssessment:
    """An intake (or re-)assessment by a current companion of the family (the mentor and the social
    companion fill it in together) or a program manager of the area (at import).

    Every active aspect scored 0..3; the baseline in whole Rupiah. The suggested group follows
    ``suggest_tier``; an earlier assessment still waiting for confirmation is superseded (kept).
    Locks the profile. Raises PlacementError / NotAllowed and saves nothing.
    """
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    if not is_current_companion(profile, user=by):
        if not is_program_manager(by):
            raise NotAllowed(_("Only this family's companions or a program manager can assess them."))
        require_manager_for(by, profile)
    _require_in_program(profile)
    aspects = list(IntakeAspect.objects.filter(is_active=True).order_by("order", "code"))
    if not aspects:
        raise PlacementError(_("No intake aspects are set up yet; ask a national program manager."))
    clean = _clean_scores(scores or {}, aspects)
    try:
        revenue = clean_amount(baseline_revenue, label=_("Monthly revenue"))
        costs = clean_amount(baseline_costs, label=_("Monthly costs"))
        assets = clean_amount(baseline_assets, label=_("Business assets"), required=False) or 0
    except IncubatorError as exc:
        raise PlacementError(str(exc)) from None
    try:
        workers = int(baseline_workers or 0)
    except (TypeError, ValueError):
        workers = -1
    if not 0 <= workers <= MAX_WORKERS:
        raise PlacementError(_("Please enter the number of workers as a whole number."))
    permits = (baseline_permits or "").strip()
    if len(permits) > IntakeAssessment._meta.get_field("baseline_permits").max_length:
        raise PlacementError(_("The list of permits is too long."))
    notes = (notes or "").strip()
    if len(notes) > NOTE_MAX:
        raise PlacementError(_("The notes are too long."))
    today = timezone.localdate()
    assessed_on = assessed_on or today
    if assessed_on > today:
        raise PlacementError(_("The assessment date cannot be in the future."))
    total, max_total = sum(clean.values()), INTAKE_MAX_SCORE * len(aspects)
    IntakeAssessment.objects.filter(profile=profile, status=IntakeAssessment.Status.PENDING).update(
        status=IntakeAssessment.Status.SUPERSEDED, updated_at=timezone.now()
    )
    return IntakeAssessment.objects.create(
        profile=profile,
        assessed_on=assessed_on,
        assessed_by=by,
        scores=clean,
        total=total,
        max_total=max_total,
        suggested_tier=suggest_tier(total, max_total),
        baseline_revenue=revenue,
        baseline_costs=costs,
        baseline_workers=workers,
        baseline_permits=permits,
        baseline_assets=assets,
        notes=notes,
    )


@transaction.atomic
def record_import_baseline(
    profile: EntrepreneurProfile,
    *,
    by: User,
    revenue: Any,
    costs: Any,
    workers: Any = 0,
    permits: str = "",
    assets: Any = 0,
) -> IntakeAssessment:
    """The baseline a registry import brings for a family a manager enrols: kept as an intake
    assessment without aspect scores, confirmed by the importing manager at the family's tier
    (the file placed them; the manager who imports is the deciding manager of the area).

    A later assessment at the first visit supersedes nothing of it: it is a new record. Raises
    PlacementError (nothing saved) for an amount or count out of range.
    """
    require_manager_for(by, profile)
    try:
        revenue = clean_amount(revenue, label=_("Monthly revenue"))
        costs = clean_amount(costs, label=_("Monthly costs"))
        assets = clean_amount(assets, label=_("Business assets"), required=False) or 0
    except IncubatorError as exc:
        raise PlacementError(str(exc)) from None
    try:
        workers = int(workers or 0)
    except (TypeError, ValueError):
        workers = -1
    if not 0 <= workers <= MAX_WORKERS:
        raise PlacementError(_("Please enter the number of workers as a whole number."))
    permits = (permits or "").strip()
    if len(permits) > IntakeAssessment._meta.get_field("baseline_permits").max_length:
        raise PlacementError(_("The list of permits is too long."))
    now = timezone.now()
    return IntakeAssessment.objects.create(
        profile=profile,
        assessed_on=timezone.localdate(now),
        assessed_by=by,
        scores={},
        total=0,
        max_total=0,
        suggested_tier=profile.tier,
        baseline_revenue=revenue,
        baseline_costs=costs,
        baseline_workers=workers,
        baseline_permits=permits,
        baseline_assets=assets,
        notes=_("Baseline from the registry import."),
        status=IntakeAssessment.Status.CONFIRMED,
        placed_tier=profile.tier,
        confirmed_by=by,
        confirmed_at=now,
    )


@transaction.atomic
def confirm_placement(
    assessment: IntakeAssessment, *, by: User, tier: str, reason: str = ""
) -> IntakeAssessment:
    """A program manager of the family's area confirms the starting group, or places the family in
    another working group with a reason.

    The family moves to that group (a TierChange naming the assessment) with its milestone path;
    milestones whose proof Tumbuh already holds complete themselves. Locks the profile and the
    assessment; an assessment already decided or superseded raises PlacementError.
    """
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=assessment.profile_id)
    require_manager_for(by, profile)
    assessment = IntakeAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != IntakeAssessment.Status.PENDING:
        raise PlacementError(_("This assessment was already decided or replaced by a newer one."))
    if tier not in WORKING_TIERS:
        raise PlacementError(_("Please choose Beginner, Developing or Advanced."))
    _require_in_program(profile)
    reason = (reason or "").strip()
    if tier != assessment.suggested_tier:
        reason = required_text(
            reason,
            PlacementError,
            _("Please give a reason for placing the family in another group than the suggested one."),
            limit=REASON_MAX,
        )
    elif len(reason) > REASON_MAX:
        raise PlacementError(_("The reason is too long."))
    now = timezone.now()
    assessment.status = IntakeAssessment.Status.CONFIRMED
    assessment.placed_tier = tier
    assessment.override_reason = reason if tier != assessment.suggested_tier else ""
    assessment.confirmed_by = by
    assessment.confirmed_at = now
    assessment.save()
    if profile.tier != tier:
        TierChange.objects.create(
            profile=profile,
            from_tier=profile.tier,
            to_tier=tier,
            changed_at=now,
            changed_by=by,
            placement=assessment,
            note=reason,
        )
        profile.tier = tier
        profile.tier_since = now
        profile.save(update_fields=["tier", "tier_since", "updated_at"])
        create_tier_milestones(profile, tier)
        complete_automatic_milestones(profile)
    notify(
        profile.user_id,
        "incubator.placement_confirmed",
        assessment=assessment.pk,
        tier=tier,
        tier_label=str(Tier(tier).label),
    )
    return assessment
