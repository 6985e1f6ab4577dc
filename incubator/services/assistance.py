"""BSiMU assistance: planned → approved → delivered (or cancelled)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.errors import (
    AssistanceError,
    IncubatorError,
)
from incubator.images import clean_photo
from incubator.models import (
    Assistance,
    AssistanceEvent,
    EntrepreneurProfile,
    Tier,
)
from incubator.services._common import (
    clean_amount,
    notify,
    require_manager_for,
    required_text,
)


def _assistance_event(assistance: Assistance, from_status: str, *, by: User, note: str = "") -> None:
    AssistanceEvent.objects.create(
        assistance=assistance, from_status=from_status, to_status=assistance.status, actor=by, note=note
    )


def _lock_assistance(assistance: Assistance, allowed_from: Iterable[str], *, by: User) -> Assistance:
    """The assistance, locked, once ``by`` is a manager of its entrepreneur's area and its status allows the step."""
    assistance = Assistance.objects.select_for_update().select_related("profile").get(pk=assistance.pk)
    require_manager_for(by, assistance.profile)
    if assistance.status not in allowed_from:
        raise AssistanceError(
            _("This assistance is %(status)s; that step is not possible.")
            % {"status": assistance.get_status_display()}
        )
    return assistance


@transaction.atomic
def plan_assistance(
    profile: EntrepreneurProfile, *, by: User, kind: str, plan_item: str, amount: int, description: str = ""
) -> Assistance:
    """Record planned assistance (cash or goods) against a business-plan item. Managers only."""
    require_manager_for(by, profile)
    if kind not in Assistance.Kind.values:
        raise AssistanceError(_("Please choose cash or goods."))
    plan_item = (plan_item or "").strip()
    if not plan_item:
        raise AssistanceError(_("Please name the business-plan item."))
    try:
        amount = clean_amount(amount, label=_("The amount"), allow_zero=False)
    except IncubatorError as exc:
        raise AssistanceError(str(exc)) from None
    if profile.tier == Tier.GRADUATED:
        raise AssistanceError(_("This entrepreneur has graduated."))
    assistance = Assistance.objects.create(
        profile=profile,
        kind=kind,
        plan_item=plan_item[:200],
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
    assistance = _lock_assistance(assistance, [Assistance.Status.PLANNED], by=by)
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


@transaction.atomic
def deliver_assistance(assistance: Assistance, *, by: User, delivered_on: datetime.date, proof) -> Assistance:
    """Approved assistance was handed over: the date (not in the future) and a proof-of-receipt photo."""
    assistance = _lock_assistance(assistance, [Assistance.Status.APPROVED], by=by)
    if not isinstance(delivered_on, datetime.date):
        raise AssistanceError(_("Please enter the delivery date."))
    if delivered_on > timezone.localdate():
        raise AssistanceError(_("The delivery date cannot be in the future."))
    if not proof:
        raise AssistanceError(_("Please add a photo of the proof of receipt."))
    processed = clean_photo(proof)
    assistance.status = Assistance.Status.DELIVERED
    assistance.delivered_on = delivered_on
    assistance.proof_of_receipt.save(processed.image.name, processed.image, save=False)
    assistance.save()
    _assistance_event(assistance, Assistance.Status.APPROVED, by=by)
    notify(
        assistance.profile.user_id,
        "incubator.assistance_delivered",
        assistance=assistance.pk,
        plan_item=assistance.plan_item,
    )
    return assistance


@transaction.atomic
def cancel_assistance(assistance: Assistance, *, by: User, reason: str) -> Assistance:
    assistance = _lock_assistance(assistance, [Assistance.Status.PLANNED, Assistance.Status.APPROVED], by=by)
    reason = required_text(reason, AssistanceError, _("Please give a reason for cancelling."))
    from_status = assistance.status
    assistance.status = Assistance.Status.CANCELLED
    assistance.save(update_fields=["status", "updated_at"])
    _assistance_event(assistance, from_status, by=by, note=reason)
    return assistance
