"""Promotion and graduation: eligibility, recommendation, decision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.money import group_thousands
from incubator.errors import (
    PromotionError,
)
from incubator.models import (
    REASON_MAX,
    EntrepreneurProfile,
    IncomeThreshold,
    Milestone,
    MilestoneStatus,
    MilestoneTemplate,
    MonthlyReport,
    PromotionRequest,
    Tier,
    TierChange,
    next_tier,
)
from incubator.services._common import (
    GRADUATION_REPORTS,
    bump_dashboard,
    create_tier_milestones,
    notify,
    refresh_progress,
    require_business_mentor,
    require_manager,
    require_manager_for,
    required_text,
)
from incubator.services.milestones import complete_automatic_milestones


@dataclass
class Eligibility:
    """Whether an entrepreneur may move up, and what is still missing."""

    eligible: bool
    missing: list[MilestoneTemplate] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    average_profit: int | None = None
    threshold: int | None = None


def current_threshold(regency_id: int, on: datetime.date | None = None) -> IncomeThreshold | None:
    on = on or timezone.localdate()
    return (
        IncomeThreshold.objects.filter(regency_id=regency_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )


def promotion_eligibility(profile: EntrepreneurProfile) -> Eligibility:
    """Every required, active template of the current tier verified; from Advanced also the income
    rule: the average profit of the last 3 verified monthly reports at or above the regency's
    current threshold (UMK)."""
    if profile.tier == Tier.GRADUATED:
        return Eligibility(False, reasons=[_("Already graduated.")])
    verified = Milestone.objects.filter(profile=profile, status=MilestoneStatus.VERIFIED).values(
        "template_id"
    )
    missing = list(
        MilestoneTemplate.objects.filter(tier=profile.tier, is_required=True, is_active=True)
        .exclude(pk__in=verified)
        .order_by("order")
    )
    result = Eligibility(eligible=True, missing=missing)
    if missing:
        result.reasons.append(
            _("%(n)d required milestone(s) of this tier are not verified yet.") % {"n": len(missing)}
        )
    if profile.tier == Tier.ADVANCED:
        last = list(
            MonthlyReport.objects.filter(profile=profile, verified_at__isnull=False)
            .order_by("-month")
            .values_list("pk", flat=True)[:GRADUATION_REPORTS]
        )
        threshold = current_threshold(profile.regency_id)
        result.threshold = threshold.monthly_amount if threshold else None
        if len(last) < GRADUATION_REPORTS:
            result.reasons.append(
                _("Graduation needs %(n)d verified monthly reports; there are %(have)d.")
                % {"n": GRADUATION_REPORTS, "have": len(last)}
            )
        else:
            average = MonthlyReport.objects.filter(pk__in=last).aggregate(avg=Avg("profit"))["avg"]
            result.average_profit = round(average)
        if threshold is None:
            result.reasons.append(_("No income threshold (UMK) is set for this regency or city yet."))
        elif result.average_profit is not None and result.average_profit < threshold.monthly_amount:
            result.reasons.append(
                _("Average monthly profit (Rp %(avg)s) is below the regional threshold (Rp %(umk)s).")
                % {
                    "avg": group_thousands(result.average_profit),
                    "umk": group_thousands(threshold.monthly_amount),
                }
            )
    result.eligible = not result.reasons
    return result


def eligibility_for(request: PromotionRequest, profile: EntrepreneurProfile | None = None) -> Eligibility:
    """The rule a request is decided by: a graduation ("lulus") from Beginner or Developing follows
    the income rule alone (``graduation_eligibility``); a move up (and Advanced → graduated, which
    also needs the Advanced milestones) follows ``promotion_eligibility``."""
    from incubator.services.graduation import graduation_eligibility

    profile = profile or request.profile
    if request.to_tier == Tier.GRADUATED and request.from_tier != Tier.ADVANCED:
        return graduation_eligibility(profile)
    return promotion_eligibility(profile)


@transaction.atomic
def recommend_promotion(profile: EntrepreneurProfile, *, by: User, note: str = "") -> PromotionRequest:
    """The business mentor proposes moving the entrepreneur up; one pending request at a time."""
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    require_business_mentor(by, profile)
    if PromotionRequest.objects.filter(profile=profile, status=PromotionRequest.Status.PENDING).exists():
        raise PromotionError(_("A promotion is already waiting for a program manager's decision."))
    eligibility = promotion_eligibility(profile)
    if not eligibility.eligible:
        raise PromotionError(" ".join([_("Not eligible yet."), *eligibility.reasons]))
    try:
        with transaction.atomic():
            request = PromotionRequest.objects.create(
                profile=profile,
                from_tier=profile.tier,
                to_tier=next_tier(profile.tier),
                recommended_by=by,
                note=(note or "").strip(),
            )
    except IntegrityError:
        raise PromotionError(_("A promotion is already waiting for a program manager's decision.")) from None
    bump_dashboard([profile])
    notify(profile.user_id, "incubator.promotion_recommended", request=request.pk, tier=request.to_tier)
    return request


def _lock_pending(request: PromotionRequest) -> tuple[PromotionRequest, EntrepreneurProfile]:
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=request.profile_id)
    request = PromotionRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != PromotionRequest.Status.PENDING:
        raise PromotionError(_("This promotion was already decided."))
    return request, profile


def _decide(request: PromotionRequest, status: str, *, by: User, reason: str = "") -> datetime.datetime:
    """Conditional update: even without row locks (SQLite), only one decision can win.

    Returns the decision's time, for everything else the decision stamps.
    """
    now = timezone.now()
    won = PromotionRequest.objects.filter(pk=request.pk, status=PromotionRequest.Status.PENDING).update(
        status=status, decided_by=by, decided_at=now, decision_reason=reason, updated_at=now
    )
    if not won:
        raise PromotionError(_("This promotion was already decided."))
    bump_dashboard([request.profile_id])
    request.status, request.decided_by, request.decided_at, request.decision_reason = status, by, now, reason
    return now


@transaction.atomic
def approve_promotion(request: PromotionRequest, *, by: User) -> TierChange:
    """A program manager moves the entrepreneur up one tier, or graduates them ("lulus") from the
    group they are in when the request is a graduation (``recommend_graduation``).
    A graduation opens the graduation watch (``incubator.services.graduation``).

    Locks the profile and the request, re-checks eligibility, writes the TierChange and creates
    the next tier's milestones. A request already decided raises PromotionError ("already decided").
    """
    require_manager(by)
    request, profile = _lock_pending(request)
    require_manager_for(by, profile)
    if profile.tier != request.from_tier:
        raise PromotionError(_("The entrepreneur is no longer in the tier this request was made for."))
    eligibility = eligibility_for(request, profile)
    if not eligibility.eligible:
        raise PromotionError(" ".join([_("Not eligible any more."), *eligibility.reasons]))
    now = _decide(request, PromotionRequest.Status.APPROVED, by=by)
    profile.tier = request.to_tier
    profile.tier_since = now
    profile.save(update_fields=["tier", "tier_since", "updated_at"])
    change = TierChange.objects.create(
        profile=profile,
        from_tier=request.from_tier,
        to_tier=request.to_tier,
        changed_at=now,
        changed_by=by,
        promotion=request,
    )
    if profile.tier != Tier.GRADUATED:
        create_tier_milestones(profile, profile.tier)
        complete_automatic_milestones(profile)
    else:
        from incubator.services.graduation import open_watch

        open_watch(profile, change)
        refresh_progress([profile])
    event = {
        "request": request.pk,
        "tier": profile.tier,
        "tier_label": str(Tier(profile.tier).label),
        "business": profile.business_name,
        "profile": profile.pk,
    }
    notify(profile.user_id, "incubator.promoted", **event)
    notify(request.recommended_by_id, "incubator.promotion_decided", status=request.status, **event)
    return change


@transaction.atomic
def decline_promotion(request: PromotionRequest, *, by: User, reason: str) -> PromotionRequest:
    """A program manager declines a recommendation, with a reason the mentor and entrepreneur see."""
    require_manager(by)
    request, profile = _lock_pending(request)
    require_manager_for(by, profile)
    # The workspace posts the reason without a form: the length is checked here.
    reason = required_text(reason, PromotionError, _("Please give a reason for declining."), limit=REASON_MAX)
    _decide(request, PromotionRequest.Status.DECLINED, by=by, reason=reason)
    notify(
        request.recommended_by_id,
        "incubator.promotion_decided",
        request=request.pk,
        status=request.status,
        business=profile.business_name,
        profile=profile.pk,
        reason=reason[:300],
    )
    notify(request.profile.user_id, "incubator.promotion_declined", request=request.pk, reason=reason[:300])
    return request


@transaction.atomic
def mark_promotion_celebrated(change: TierChange, *, by: User, now: datetime.datetime) -> bool:
    """The entrepreneur has seen the celebration of this promotion: it is not shown again.

    Only the entrepreneur themselves (a companion looking does not count). Locks the row so two
    open tabs mark it once. Returns whether this call marked it.
    """
    change = TierChange.objects.select_for_update().select_related("profile").get(pk=change.pk)
    if change.profile.user_id != by.pk or change.celebrated_at is not None:
        return False
    change.celebrated_at = now
    change.save(update_fields=["celebrated_at"])
    return True
