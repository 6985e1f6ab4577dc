"""BSiMU assistance: planned → approved → delivered (or cancelled), then confirmed by the family.

Four eyes (docs/bsimu.md): the manager who plans an item cannot approve it, and the approver cannot
record its delivery; delivery is recorded by the family's current companion or a second manager, with
a proof photo. No single person moves an item from plan to delivered.

After delivery the family is asked "Sudah menerima …?" on the portal and by SMS. A "no" (here) or no
answer in 14 days (``complaints.services.escalate_unconfirmed_assistance``) becomes an "assistance
not received" complaint, through the ``assistance_not_received`` signal the complaints app receives.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.sms import send_sms
from core.money import format_rupiah
from incubator.errors import (
    AssistanceError,
    IncubatorError,
    NotAllowed,
)
from incubator.images import clean_photo
from incubator.models import (
    NOTE_MAX,
    Assistance,
    AssistanceBudget,
    AssistanceEvent,
    BusinessPlan,
    BusinessPlanLine,
    Cohort,
    EntrepreneurProfile,
    MilestoneTemplate,
    Tier,
)
from incubator.scope import scope_for
from incubator.selectors import committed_for, is_current_companion
from incubator.services._common import (
    bump_dashboard,
    clean_amount,
    is_program_manager,
    notify,
    require_consent_for_others,
    require_manager,
    require_manager_for,
    required_text,
)
from incubator.signals import assistance_not_received

# Days the family has to answer "Sudah menerima …?" before a complaint is raised for them.
CONFIRMATION_DAYS = 14


def _assistance_event(
    assistance: Assistance,
    from_status: str,
    *,
    by: User | None,
    note: str = "",
    receipt: str = "",
    on_behalf_of: User | None = None,
) -> None:
    AssistanceEvent.objects.create(
        assistance=assistance,
        from_status=from_status,
        to_status=assistance.status,
        actor=by,
        note=note,
        receipt=receipt,
        on_behalf_of=on_behalf_of,
    )
    bump_dashboard([assistance.profile_id])


def _lock_assistance(assistance: Assistance, allowed_from: Iterable[str], *, by: User) -> Assistance:
    """The assistance, locked, once ``by`` is a manager of its entrepreneur's area and its status allows the step."""
    assistance = _locked(assistance)
    require_manager_for(by, assistance.profile)
    _require_status(assistance, allowed_from)
    return assistance


def _locked(assistance: Assistance) -> Assistance:
    return (
        # Lock the assistance row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer join to the cohort.
        Assistance.objects.select_for_update(of=("self",))
        .select_related("profile", "profile__user", "profile__cohort")
        .get(pk=assistance.pk)
    )


def _require_status(assistance: Assistance, allowed_from: Iterable[str]) -> None:
    if assistance.status not in allowed_from:
        raise AssistanceError(
            _("This assistance is %(status)s; that step is not possible.")
            % {"status": assistance.get_status_display()}
        )


# -- the business plan -----------------------------------------------------------------------------


def _require_plan_writer(by: User, profile: EntrepreneurProfile) -> None:
    """The family's business mentor writes the plan with them; a manager of the area may too."""
    if is_current_companion(profile, user=by):
        return
    if is_program_manager(by) and scope_for(by).contains_profile(profile):
        return
    raise NotAllowed(
        _("Only this entrepreneur's companion or a manager of the area can write the business plan.")
    )


@transaction.atomic
def write_business_plan(profile: EntrepreneurProfile, *, by: User, goal: str) -> BusinessPlan:
    """Create or update the family's business plan (its goal). Companions of the family and area managers."""
    _require_plan_writer(by, profile)
    goal = required_text(
        goal, AssistanceError, _("Please write the goal of the business plan."), limit=NOTE_MAX
    )
    plan, created = BusinessPlan.objects.select_for_update().get_or_create(
        profile=profile, defaults={"goal": goal, "written_by": by}
    )
    if not created:
        plan.goal, plan.written_by = goal, by
        plan.save(update_fields=["goal", "written_by", "updated_at"])
    return plan


@transaction.atomic
def add_plan_line(
    plan: BusinessPlan,
    *,
    by: User,
    category: str,
    item: str,
    estimated_price: int,
    milestone: MilestoneTemplate | None = None,
) -> BusinessPlanLine:
    """One item the business needs (equipment, stock, other), its estimated price and the milestone it serves."""
    _require_plan_writer(by, plan.profile)
    if category not in BusinessPlanLine.Category.values:
        raise AssistanceError(_("Please choose equipment, stock or other."))
    item = required_text(item, AssistanceError, _("Please name the item."), limit=200)
    try:
        price = clean_amount(estimated_price, label=_("The estimated price"), allow_zero=False)
    except IncubatorError as exc:
        raise AssistanceError(str(exc)) from None
    if milestone is not None and not milestone.is_active:
        raise AssistanceError(_("Please choose an active milestone."))
    return BusinessPlanLine.objects.create(
        plan=plan, category=category, item=item, estimated_price=price, milestone=milestone
    )


# -- budgets ---------------------------------------------------------------------------------------


@transaction.atomic
def set_budget(cohort: Cohort, *, by: User, amount: int) -> AssistanceBudget:
    """A cohort's BSiMU budget. National managers only: the budget is the ministry's decision."""
    require_manager(by)
    if not scope_for(by).national:
        raise NotAllowed(_("Only a national program manager can set a BSiMU budget."))
    try:
        amount = clean_amount(amount, label=_("The budget"))
    except IncubatorError as exc:
        raise AssistanceError(str(exc)) from None
    budget, _created = AssistanceBudget.objects.update_or_create(
        cohort=cohort, defaults={"amount": amount, "set_by": by}
    )
    return budget


def _check_budget(profile: EntrepreneurProfile, amount: int, *, by: User) -> None:
    """Over the cohort's budget, only a national manager may plan (a cohort without a budget is not checked)."""
    budget = AssistanceBudget.objects.select_for_update().filter(cohort_id=profile.cohort_id).first()
    if budget is None:
        return
    remaining = budget.amount - committed_for(profile.cohort)
    if amount > remaining and not scope_for(by).national:
        raise AssistanceError(
            _(
                "This would go over the cohort's BSiMU budget: %(remaining)s remains. "
                "Only a national program manager can plan over budget."
            )
            % {"remaining": format_rupiah(max(remaining, 0))}
        )


# -- planned → approved → delivered ---------------------------------------------------------------


@transaction.atomic
def plan_assistance(
    profile: EntrepreneurProfile,
    *,
    by: User,
    kind: str,
    amount: int,
    plan_line: BusinessPlanLine | None = None,
    plan_item: str = "",
    description: str = "",
) -> Assistance:
    """Record planned assistance (cash or goods) against a line of the family's business plan. Managers only.

    When the family has a business plan, a line of it is required; a family without a plan yet may
    still get a free-text item (the rows recorded before plans existed). The cohort's budget is checked
    with its row locked, so two managers planning at once cannot both spend the last rupiah.
    """
    require_manager_for(by, profile)
    if kind not in Assistance.Kind.values:
        raise AssistanceError(_("Please choose cash or goods."))
    if plan_line is not None:
        if plan_line.plan.profile_id != profile.pk:
            raise AssistanceError(_("Please choose a line of this entrepreneur's own business plan."))
        plan_item = plan_line.item
    elif BusinessPlan.objects.filter(profile=profile).exists():
        raise AssistanceError(_("Please choose the line of the business plan this assistance is for."))
    plan_item = (plan_item or "").strip()
    if not plan_item:
        raise AssistanceError(_("Please name the business-plan item."))
    try:
        amount = clean_amount(amount, label=_("The amount"), allow_zero=False)
    except IncubatorError as exc:
        raise AssistanceError(str(exc)) from None
    if profile.tier == Tier.GRADUATED:
        raise AssistanceError(_("This entrepreneur has graduated."))
    _check_budget(profile, amount, by=by)
    assistance = Assistance.objects.create(
        profile=profile,
        kind=kind,
        plan_item=plan_item[:200],
        plan_line=plan_line,
        description=(description or "").strip(),
        amount=amount,
        tier=profile.tier,
        recorded_by=by,
    )
    _assistance_event(assistance, "", by=by)
    notify(
        profile.user_id,
        "incubator.assistance_planned",
        assistance=assistance.pk,
        plan_item=assistance.plan_item,
    )
    return assistance


@transaction.atomic
def approve_assistance(assistance: Assistance, *, by: User) -> Assistance:
    """A second manager of the area approves: never the manager who planned the item."""
    assistance = _lock_assistance(assistance, [Assistance.Status.PLANNED], by=by)
    if assistance.recorded_by_id == by.pk:
        raise NotAllowed(_("You planned this assistance; another manager must approve it."))
    assistance.status = Assistance.Status.APPROVED
    assistance.approved_at = timezone.now()
    assistance.approved_by = by
    assistance.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    _assistance_event(assistance, Assistance.Status.PLANNED, by=by)
    notify(
        assistance.profile.user_id,
        "incubator.assistance_approved",
        assistance=assistance.pk,
        plan_item=assistance.plan_item,
    )
    return assistance


def _require_deliverer(assistance: Assistance, by: User) -> None:
    """The family's current companion, or a manager of the area other than the approver."""
    if assistance.approved_by_id == by.pk:
        raise NotAllowed(
            _("You approved this assistance; the companion or another manager must record its delivery.")
        )
    if is_current_companion(assistance.profile, user=by):
        return
    require_manager_for(by, assistance.profile)


@transaction.atomic
def deliver_assistance(
    assistance: Assistance,
    *,
    by: User,
    delivered_on: datetime.date,
    proof,
    amount: int | None = None,
) -> Assistance:
    """Approved assistance was handed over: the date (not in the future) and a proof-of-receipt photo.

    Recorded by the family's companion or a manager who did not approve it. ``amount``, when given
    (the companion's delivery page asks for it), must equal the approved amount: whoever hands the
    aid over cannot change what two managers approved. The family is then asked to confirm receipt,
    on the portal and by SMS (after commit).
    """
    assistance = _locked(assistance)
    _require_deliverer(assistance, by)
    _require_status(assistance, [Assistance.Status.APPROVED])
    if not isinstance(delivered_on, datetime.date):
        raise AssistanceError(_("Please enter the delivery date."))
    now = timezone.now()
    if delivered_on > timezone.localdate(now):
        raise AssistanceError(_("The delivery date cannot be in the future."))
    if amount is not None:
        try:
            handed_over = clean_amount(amount, label=_("The amount handed over"), allow_zero=False)
        except IncubatorError as exc:
            raise AssistanceError(str(exc)) from None
        if handed_over != assistance.amount:
            raise AssistanceError(
                _(
                    "The amount handed over (%(given)s) is not the approved amount (%(approved)s). "
                    "Ask a program manager to cancel and plan it again."
                )
                % {"given": format_rupiah(handed_over), "approved": format_rupiah(assistance.amount)}
            )
    if not proof:
        raise AssistanceError(_("Please add a photo of the proof of receipt."))
    processed = clean_photo(proof)
    assistance.status = Assistance.Status.DELIVERED
    assistance.delivered_on = delivered_on
    assistance.delivered_by = by
    assistance.receipt = Assistance.Receipt.PENDING
    assistance.receipt_asked_at = now
    assistance.proof_of_receipt.save(processed.image.name, processed.image, save=False)
    assistance.save()
    _assistance_event(assistance, Assistance.Status.APPROVED, by=by)
    notify(
        assistance.profile.user_id,
        "incubator.assistance_delivered",
        assistance=assistance.pk,
        plan_item=assistance.plan_item,
    )
    phone = assistance.profile.user.phone
    if phone:
        text = receipt_question(assistance)
        transaction.on_commit(lambda: send_sms(phone, text, fail_silently=True))
    return assistance


def receipt_question(assistance: Assistance) -> str:
    """The SMS asking the family to confirm (in Indonesian: the families' language)."""
    item = assistance.plan_item[:60]
    return f"Tumbuh: Sudah menerima {item} ({format_rupiah(assistance.amount)})? Balas YA atau TIDAK."


@transaction.atomic
def cancel_assistance(assistance: Assistance, *, by: User, reason: str) -> Assistance:
    assistance = _lock_assistance(assistance, [Assistance.Status.PLANNED, Assistance.Status.APPROVED], by=by)
    reason = required_text(reason, AssistanceError, _("Please give a reason for cancelling."))
    from_status = assistance.status
    assistance.status = Assistance.Status.CANCELLED
    assistance.save(update_fields=["status", "updated_at"])
    _assistance_event(assistance, from_status, by=by, note=reason)
    return assistance


# -- the family confirms ---------------------------------------------------------------------------


@transaction.atomic
def confirm_receipt(
    assistance: Assistance, *, by: User, received: bool, channel: str = "portal"
) -> Assistance:
    """The family answers "Sudah menerima …?": yes, or no (which raises a complaint, linked to the item).

    ``by`` is the family, or their current companion answering for them (marked "on behalf"). Only
    delivered items waiting for an answer can be answered; a second answer changes nothing and says so.
    """
    assistance = _locked(assistance)
    profile = assistance.profile
    if by.pk == profile.user_id:
        on_behalf_of = None
    elif is_current_companion(profile, user=by):
        require_consent_for_others(by, profile)
        on_behalf_of = profile.user
    else:
        raise NotAllowed(_("Only the family or their companion can confirm this assistance."))
    if assistance.status != Assistance.Status.DELIVERED or assistance.receipt != Assistance.Receipt.PENDING:
        raise AssistanceError(_("This assistance is not waiting for a confirmation."))
    assistance.receipt = Assistance.Receipt.CONFIRMED if received else Assistance.Receipt.DENIED
    assistance.receipt_answered_at = timezone.now()
    assistance.receipt_answered_by = by
    assistance.receipt_on_behalf = on_behalf_of is not None
    assistance.save(
        update_fields=[
            "receipt",
            "receipt_answered_at",
            "receipt_answered_by",
            "receipt_on_behalf",
            "updated_at",
        ]
    )
    _assistance_event(
        assistance,
        assistance.status,
        by=by,
        note=channel[:20],
        receipt=assistance.receipt,
        on_behalf_of=on_behalf_of,
    )
    if not received:
        assistance_not_received.send(sender=Assistance, assistance=assistance, unanswered=False)
    return assistance


@transaction.atomic
def mark_receipt_unanswered(assistance: Assistance, *, now: datetime.datetime) -> Assistance | None:
    """The family did not answer within ``CONFIRMATION_DAYS``: recorded, and a complaint raised for them.

    Returns None (and changes nothing) when the item was answered meanwhile or is not yet due.
    """
    assistance = _locked(assistance)
    due = assistance.receipt_asked_at is not None and assistance.receipt_asked_at <= now - datetime.timedelta(
        days=CONFIRMATION_DAYS
    )
    if assistance.receipt != Assistance.Receipt.PENDING or not due:
        return None
    assistance.receipt = Assistance.Receipt.UNANSWERED
    assistance.save(update_fields=["receipt", "updated_at"])
    _assistance_event(assistance, assistance.status, by=None, note="no answer", receipt=assistance.receipt)
    assistance_not_received.send(sender=Assistance, assistance=assistance, unanswered=True)
    return assistance


def pending_receipts_due(now: datetime.datetime):
    """Delivered items whose family has not answered for ``CONFIRMATION_DAYS`` (for the escalation job)."""
    return Assistance.objects.filter(
        receipt=Assistance.Receipt.PENDING,
        receipt_asked_at__lte=now - datetime.timedelta(days=CONFIRMATION_DAYS),
    ).order_by("pk")


def handle_receipt_sms(phone: str, text: str) -> bool:
    """An inbound SMS "YA" or "TIDAK" from a family's number answers their oldest waiting item.

    Registered with ``accounts.sms`` in ``IncubatorConfig.ready``. Returns False (nothing changes)
    when the text is not an answer, the number is unknown, or nothing is waiting.
    """
    words = (text or "").strip().upper().split()
    if not words or words[0] not in SMS_ANSWERS:
        return False
    user = User.objects.filter(phone=phone, is_active=True).first()
    if user is None:
        return False
    assistance = (
        Assistance.objects.filter(profile__user=user, receipt=Assistance.Receipt.PENDING)
        .order_by("receipt_asked_at", "pk")
        .first()
    )
    if assistance is None:
        return False
    try:
        confirm_receipt(assistance, by=user, received=SMS_ANSWERS[words[0]], channel="sms")
    except IncubatorError:
        return False
    return True


SMS_ANSWERS = {"YA": True, "Y": True, "SUDAH": True, "TIDAK": False, "T": False, "BELUM": False}
