"""Graduation from any group (the PENA income rule), the graduation watch, and exits.

The rule: the average profit of the last ``GRADUATION_REPORTS`` verified monthly reports at or
above the UMK of the family's regency (``incubator.selectors.umk_distance``). The business mentor
recommends, a program manager of the area approves (``approve_promotion``, which also opens the
watch). For ``TUMBUH_GRADUATION_WATCH_MONTHS`` months the monthly check-ins (ordinary monthly
reports) are compared with the UMK: two consecutive months below raise a ``GraduationFlag``, tell
the companions, and let a manager reopen support (back to the group the family graduated from).
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.money import group_thousands
from incubator.errors import ExitError, PromotionError
from incubator.models import (
    NOTE_MAX,
    REASON_MAX,
    WORKING_TIERS,
    EntrepreneurProfile,
    ExitReason,
    GraduationFlag,
    GraduationWatch,
    MonthlyReport,
    ProgramExit,
    PromotionRequest,
    Tier,
    TierChange,
)
from incubator.selectors import UmkDistance, umk_distance
from incubator.services._common import (
    GRADUATION_REPORTS,
    bump_dashboard,
    create_tier_milestones,
    current_assignments,
    notify,
    refresh_progress,
    require_business_mentor,
    require_manager_for,
    required_text,
)
from incubator.services.promotion import Eligibility, current_threshold


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(first: datetime.date, later: datetime.date) -> int:
    return (later.year * 12 + later.month) - (first.year * 12 + first.month)


def has_open_exit(profile: EntrepreneurProfile) -> bool:
    return ProgramExit.objects.filter(profile=profile, re_entered_on__isnull=True).exists()


def graduation_eligibility(
    profile: EntrepreneurProfile, *, distance: UmkDistance | None = None
) -> Eligibility:
    """The PENA rule, from any working group: verified income at or above the UMK.
    ``distance`` (``selectors.umk_distance``) when the caller already has it: no query then."""
    if profile.tier == Tier.GRADUATED:
        return Eligibility(False, reasons=[_("Already graduated.")])
    distance = distance or umk_distance(profile)
    result = Eligibility(True, average_profit=distance.average_profit, threshold=distance.threshold)
    if distance.average_profit is None:
        result.reasons.append(
            _("Graduation needs %(n)d verified monthly reports; there are %(have)d.")
            % {"n": GRADUATION_REPORTS, "have": distance.verified_months}
        )
    if distance.threshold is None:
        result.reasons.append(_("No income threshold (UMK) is set for this regency or city yet."))
    elif distance.average_profit is not None and not distance.reached:
        result.reasons.append(
            _("Average monthly profit (Rp %(avg)s) is below the regional threshold (Rp %(umk)s).")
            % {"avg": group_thousands(distance.average_profit), "umk": group_thousands(distance.threshold)}
        )
    result.eligible = not result.reasons
    return result


@transaction.atomic
def recommend_graduation(profile: EntrepreneurProfile, *, by: User, note: str = "") -> PromotionRequest:
    """The business mentor recommends graduation ("lulus") from the family's current group once
    the income rule holds; a program manager of the area decides (``approve_promotion``)."""
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    require_business_mentor(by, profile)
    if has_open_exit(profile):
        raise PromotionError(_("This family has left the program."))
    if PromotionRequest.objects.filter(profile=profile, status=PromotionRequest.Status.PENDING).exists():
        raise PromotionError(_("A promotion is already waiting for a program manager's decision."))
    eligibility = graduation_eligibility(profile)
    if not eligibility.eligible:
        raise PromotionError(" ".join([_("Not eligible yet."), *eligibility.reasons]))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise PromotionError(_("The note is too long."))
    try:
        with transaction.atomic():
            request = PromotionRequest.objects.create(
                profile=profile, from_tier=profile.tier, to_tier=Tier.GRADUATED, recommended_by=by, note=note
            )
    except IntegrityError:
        raise PromotionError(_("A promotion is already waiting for a program manager's decision.")) from None
    bump_dashboard([profile])
    notify(profile.user_id, "incubator.promotion_recommended", request=request.pk)
    return request


def open_watch(profile: EntrepreneurProfile, change: TierChange) -> GraduationWatch:
    """Called by ``approve_promotion`` inside its transaction when a family graduates."""
    graduated_on = timezone.localdate()
    return GraduationWatch.objects.create(
        profile=profile,
        tier_change=change,
        graduated_on=graduated_on,
        ends_on=add_months(graduated_on, settings.TUMBUH_GRADUATION_WATCH_MONTHS),
        from_tier=change.from_tier,
    )


def graduation_check_in(report: MonthlyReport) -> GraduationFlag | None:
    """A monthly report of a graduated family during its watch, compared with the UMK.

    Records the outcome of the 6th and 12th month after graduation; two consecutive months below
    the UMK raise a flag (one open flag at a time) and tell the companions after commit
    (event ``graduation.below_umk``). Runs inside the report services' transaction.
    """
    profile = report.profile
    if profile.tier != Tier.GRADUATED:
        return None
    watch = (
        GraduationWatch.objects.filter(profile=profile, support_reopened_at__isnull=True)
        .order_by("-graduated_on", "-pk")
        .first()
    )
    if watch is None:
        return None
    offset = months_between(watch.graduated_on, report.month)
    if offset < 1 or report.month > watch.ends_on:
        return None
    threshold = current_threshold(profile.regency_id, on=report.month)
    if threshold is None:
        return None
    umk = threshold.monthly_amount
    at_umk = report.revenue - report.costs >= umk
    if offset in (6, 12):
        setattr(watch, f"at_umk_{offset}_months", at_umk)
        watch.save(update_fields=[f"at_umk_{offset}_months", "updated_at"])
    if at_umk:
        return None
    previous = MonthlyReport.objects.filter(profile=profile, month=add_months(report.month, -1)).first()
    if previous is None or months_between(watch.graduated_on, previous.month) < 1 or previous.profit >= umk:
        return None
    if GraduationFlag.objects.filter(profile=profile, resolved_at__isnull=True).exists():
        return None
    flag = GraduationFlag.objects.create(
        watch=watch,
        profile=profile,
        months=[previous.month.isoformat(), report.month.isoformat()],
        threshold=umk,
    )
    refresh_progress([profile])  # graduation_flag_open, read by the needs-attention flags
    for companion_id in current_assignments(profile).values_list("companion_id", flat=True):
        notify(
            companion_id,
            "graduation.below_umk",
            flag=flag.pk,
            profile=profile.pk,
            business=profile.business_name,
            months=flag.months,
        )
    return flag


@transaction.atomic
def reopen_support(flag: GraduationFlag, *, by: User, reason: str) -> TierChange:
    """A program manager of the area answers a below-UMK flag by reopening support: the family
    goes back to the group it graduated from, with that group's milestones; the watch ends and the
    flag is resolved. Locks the profile and the flag."""
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=flag.profile_id)
    require_manager_for(by, profile)
    flag = GraduationFlag.objects.select_for_update().select_related("watch").get(pk=flag.pk)
    if flag.resolved_at is not None:
        raise PromotionError(_("This flag was already resolved."))
    if profile.tier != Tier.GRADUATED:
        raise PromotionError(_("This family is not graduated any more."))
    reason = required_text(reason, PromotionError, _("Please give a reason."), limit=REASON_MAX)
    now = timezone.now()
    back_to = flag.watch.from_tier if flag.watch.from_tier in WORKING_TIERS else Tier.ADVANCED
    flag.resolved_at, flag.resolved_by, flag.resolution = now, by, reason
    flag.save(update_fields=["resolved_at", "resolved_by", "resolution", "updated_at"])
    flag.watch.support_reopened_at = now
    flag.watch.save(update_fields=["support_reopened_at", "updated_at"])
    change = TierChange.objects.create(
        profile=profile, from_tier=profile.tier, to_tier=back_to, changed_at=now, changed_by=by, note=reason
    )
    profile.tier, profile.tier_since = back_to, now
    profile.save(update_fields=["tier", "tier_since", "updated_at"])
    create_tier_milestones(profile, back_to)
    notify(profile.user_id, "incubator.support_reopened", tier=back_to, tier_label=str(Tier(back_to).label))
    for companion_id in current_assignments(profile).values_list("companion_id", flat=True):
        notify(companion_id, "incubator.support_reopened", profile=profile.pk, tier=back_to)
    return change


# ---------------------------------------------------------------- exits


@transaction.atomic
def record_exit(
    profile: EntrepreneurProfile, *, by: User, reason: str, exited_on: datetime.date, note: str = ""
) -> ProgramExit:
    """A program manager of the area records that a family left the program, why and when.

    A pending recommendation is declined with that reason. Raises ExitError when the family has
    already left, the reason is unknown or the date is in the future or before enrolment.
    """
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    require_manager_for(by, profile)
    if has_open_exit(profile):
        raise ExitError(_("This family has already left the program."))
    if reason not in ExitReason.values:
        raise ExitError(_("Please choose why the family left."))
    if not isinstance(exited_on, datetime.date):
        raise ExitError(_("Please enter the date the family left."))
    if exited_on > timezone.localdate():
        raise ExitError(_("The date cannot be in the future."))
    if exited_on < profile.enrolled_on:
        raise ExitError(_("The date cannot be before the family's enrolment."))
    note = (note or "").strip()
    if len(note) > REASON_MAX:
        raise ExitError(_("The note is too long."))
    try:
        with transaction.atomic():
            exit_row = ProgramExit.objects.create(
                profile=profile, reason=reason, exited_on=exited_on, note=note, recorded_by=by
            )
    except IntegrityError:
        raise ExitError(_("This family has already left the program.")) from None
    now = timezone.now()
    PromotionRequest.objects.filter(profile=profile, status=PromotionRequest.Status.PENDING).update(
        status=PromotionRequest.Status.DECLINED,
        decided_by=by,
        decided_at=now,
        decision_reason=_("The family left the program."),
        updated_at=now,
    )
    bump_dashboard([profile])
    return exit_row


@transaction.atomic
def re_enter(
    profile: EntrepreneurProfile, *, by: User, reason: str, on: datetime.date | None = None
) -> ProgramExit:
    """A program manager of the area records a family's return, with a reason; the exit stays in
    the history. Raises ExitError without a reason, when the family has not left, or for a date
    outside exit..today."""
    profile = EntrepreneurProfile.objects.select_for_update().get(pk=profile.pk)
    require_manager_for(by, profile)
    reason = required_text(reason, ExitError, _("Please give a reason."), limit=REASON_MAX)
    exit_row = (
        ProgramExit.objects.select_for_update().filter(profile=profile, re_entered_on__isnull=True).first()
    )
    if exit_row is None:
        raise ExitError(_("This family has not left the program."))
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < exit_row.exited_on:
        raise ExitError(_("The date of return must lie between the exit and today."))
    exit_row.re_entered_on, exit_row.re_entered_by, exit_row.re_entry_reason = on, by, reason
    exit_row.save(update_fields=["re_entered_on", "re_entered_by", "re_entry_reason", "updated_at"])
    return exit_row
