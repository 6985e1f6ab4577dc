"""The complaint flow: raise, assign, work on, resolve or refer, close, reopen, add information.

Status machine (one transaction each, the complaint row locked, one ``ComplaintEvent`` per change)::

    new → assigned → in_progress → resolved | referred → closed
                         ↑                                  │
                         └──────── reopen (with a reason) ──┘

No step can be skipped. Handlers are the managers of the complaint's area (see ``permissions``);
the person who raised it is told of every change and may add information until it is closed.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from complaints import permissions, targets
from complaints.models import (
    ANSWERED_STATUSES,
    MAX_TEXT,
    OPEN_STATUSES,
    Category,
    Complaint,
    ComplaintCounter,
    ComplaintEvent,
    Status,
)
from core import notifications
from core.errors import DomainError
from core.images import PhotoRejected, clean_photo
from core.money import format_rupiah
from incubator.models import EntrepreneurProfile, Region
from incubator.selectors import is_current_companion, profile_for
from mentoring.models import Message

NUMBER_PREFIX = "ADU"
MAX_REFERRED_TO = 200

# Where each status may go next (reopening a closed complaint is ``reopen_complaint``).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.ASSIGNED,),
    Status.ASSIGNED: (Status.IN_PROGRESS,),
    Status.IN_PROGRESS: (Status.RESOLVED, Status.REFERRED),
    Status.RESOLVED: (Status.CLOSED,),
    Status.REFERRED: (Status.CLOSED,),
    Status.CLOSED: (),
}


class ComplaintError(DomainError):
    """The complaint flow refused the action; the message says why."""


# -- helpers ---------------------------------------------------------------------------------------


def _text(value: Any, *, required: bool, message: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip() if isinstance(value, str | type(None)) else ""
    if required and not text:
        raise ComplaintError(message)
    if len(text) > limit:
        raise ComplaintError(_("Please keep it under %(n)d characters.") % {"n": limit})
    return text


def _photo(uploaded) -> dict[str, Any]:
    if not uploaded:
        return {}
    try:
        processed = clean_photo(uploaded)
    except PhotoRejected as exc:
        raise ComplaintError(str(exc)) from None
    return {"photo": processed.image, "thumbnail": processed.thumbnail}


def _next_number(year: int) -> str:
    """The next ``ADU-<year>-<6 digits>``; the year's counter row is locked until commit."""
    try:
        with transaction.atomic():
            ComplaintCounter.objects.get_or_create(year=year)
    except IntegrityError:  # another request created the year's row at the same moment
        pass
    counter = ComplaintCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{NUMBER_PREFIX}-{year}-{counter.last:06d}"


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("region").get(pk=complaint.pk)


def _event(complaint: Complaint, kind: str, *, by: User, from_status: str = "", **fields) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        from_status=from_status,
        to_status=fields.pop("to_status", complaint.status),
        actor=by,
        **fields,
    )


def _tell_raiser(complaint: Complaint, *, by: User) -> None:
    """A live note to the raiser's open pages (after commit); the page itself is the record."""
    if complaint.raised_by_id == by.pk:
        return
    notifications.push(
        complaint.raised_by_id,
        {
            "type": "complaint",
            "complaint": complaint.pk,
            "number": complaint.number,
            "status": complaint.status,
            "url": complaint.get_absolute_url(),
        },
    )


def _require_handler(complaint: Complaint, by: User) -> None:
    if not permissions.can_handle(by, complaint):
        raise ComplaintError(_("Only a manager of this complaint's area can do this."))


# -- raising ---------------------------------------------------------------------------------------


def _region_and_profile(
    by: User, *, about: EntrepreneurProfile | None, region: Region | None
) -> tuple[Region, EntrepreneurProfile | None]:
    """The region rule (docs/complaints.md):

    1. an entrepreneur's complaint is about themselves: their profile's district, else regency;
    2. a companion may raise it about one of their current entrepreneurs: that profile's region;
    3. otherwise (a companion about no one, a manager) the raiser chooses a regency/city or
       district; a scoped manager only within their own area.
    """
    own = profile_for(by)
    if about is not None and own is not None and about.pk == own.pk:
        about = None
    if about is not None:
        if not is_current_companion(about, user=by):
            raise ComplaintError(_("You can only raise a complaint about an entrepreneur you accompany."))
        profile = about
    else:
        profile = own
    if profile is not None:
        return profile.district or profile.regency, profile
    if region is None:
        raise ComplaintError(_("Please choose the regency/city this complaint is about."))
    if region.level == Region.Level.PROVINCE:
        raise ComplaintError(_("Please choose a regency/city, not a whole province."))
    if permissions.is_handler(by) and not permissions.scope_for(by).contains_region(region):
        raise ComplaintError(_("You can only raise a complaint in your own area."))
    return region, None


@transaction.atomic
def raise_complaint(
    *,
    by: User,
    category: str,
    description: str,
    photo=None,
    about: EntrepreneurProfile | None = None,
    region: Region | None = None,
    message: Message | None = None,
    client_key: uuid.UUID | None = None,
) -> Complaint:
    """Record a complaint or referral need, numbered ``ADU-<year>-<n>``, in status *new*.

    Anyone signed in may raise one. The region follows ``_region_and_profile``; a reported chat
    message must be one the raiser received in one of their own conversations. Nothing is written
    when the input is refused (``ComplaintError``).

    Idempotent on ``client_key`` (the form page's hidden key): the same key again from the same
    person returns the complaint already recorded and changes nothing. The raiser's user row is
    locked meanwhile, so two sends of one form at the same moment wait for each other.
    """
    if not by.is_authenticated:
        raise ComplaintError(_("Please sign in first."))
    if client_key is not None:
        User.objects.select_for_update().filter(pk=by.pk).first()
        existing = Complaint.objects.filter(raised_by=by, client_key=client_key).first()
        if existing is not None:
            return existing
    if category not in Category.values:
        raise ComplaintError(_("Please choose what the complaint is about."))
    text = _text(description, required=True, message=_("Please describe what happened."))
    if message is not None:
        conversation = message.conversation
        if by.pk not in conversation.participant_ids() or message.sender_id == by.pk:
            raise ComplaintError(_("You can only report a message you received in your own conversation."))
        if category not in (Category.MENTORING, Category.HARASSMENT):
            raise ComplaintError(_("A reported message is a mentoring problem or harassment."))
        area, profile = conversation.profile.district or conversation.profile.regency, conversation.profile
        # A copy of what was reported, as the reporter saw it: the handlers need the evidence
        # without opening the whole conversation, and it survives later changes.
        quoted = message.body or _("(a photo)")
    else:
        area, profile = _region_and_profile(by, about=about, region=region)
        quoted = ""
    files = _photo(photo)
    # One clock reading for every time of the raise: the number's year, the target date and the
    # row's own timestamps. ``auto_now_add`` would read the clock again on insert (a later instant,
    # which on a weekday no longer matches the target, and on 31 December may be next year), so the
    # timestamps are set to this reading in the same transaction.
    now = timezone.now()
    complaint = Complaint.objects.create(
        number=_next_number(timezone.localtime(now).year),
        category=category,
        description=text,
        raised_by=by,
        profile=profile,
        region=area,
        message=message,
        due_at=targets.add_working_days(now, targets.target_for(category)),
        client_key=client_key,
    )
    Complaint.objects.filter(pk=complaint.pk).update(created_at=now, updated_at=now)
    complaint.created_at = complaint.updated_at = now
    event = _event(complaint, ComplaintEvent.Kind.RAISED, by=by, note=quoted, **files)
    ComplaintEvent.objects.filter(pk=event.pk).update(created_at=now)
    return complaint


# -- the status machine ----------------------------------------------------------------------------


def _move(complaint: Complaint, to: str, *, by: User, note: str, **event_fields) -> None:
    if to not in TRANSITIONS[complaint.status]:
        raise ComplaintError(
            _("A complaint that is “%(current)s” cannot become “%(next)s”.")
            % {"current": complaint.get_status_display(), "next": Status(to).label}
        )
    before = complaint.status
    complaint.status = to
    complaint.save()
    _event(complaint, ComplaintEvent.Kind.STATUS, by=by, from_status=before, note=note, **event_fields)
    _tell_raiser(complaint, by=by)


@transaction.atomic
def assign_complaint(complaint: Complaint, *, by: User, handler: User, note: str = "") -> Complaint:
    """Give the complaint a handler: *new → assigned*, or a change of handler later while open.

    Both ``by`` and ``handler`` must be handlers of its area (for harassment, with the
    safeguarding permission).
    """
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    text = _text(note, required=False, message="")
    if handler is None or not permissions.can_handle(handler, complaint):
        raise ComplaintError(_("Choose a manager of this complaint's area."))
    if complaint.status == Status.NEW:
        complaint.handler = handler
        _move(complaint, Status.ASSIGNED, by=by, note=text, handler=handler)
    elif complaint.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        if handler.pk == complaint.handler_id:
            raise ComplaintError(_("This manager already handles the complaint."))
        complaint.handler = handler
        complaint.save()
        _event(complaint, ComplaintEvent.Kind.ASSIGNED, by=by, note=text, handler=handler)
    else:
        raise ComplaintError(_("Only an open complaint can be given to a handler."))
    if handler.pk != by.pk:
        notifications.push(
            handler.pk,
            {
                "type": "complaint_assigned",
                "complaint": complaint.pk,
                "number": complaint.number,
                "url": complaint.get_absolute_url(),
            },
        )
    return complaint


@transaction.atomic
def hand_complaint(
    complaint: Complaint, *, by: User, companion: User | None = None, service: str = "", note: str = ""
) -> Complaint:
    """Hand an open complaint to one of the family's current companions or to a named service
    (finding P7); the handler stays responsible and the status does not change.

    Exactly one of ``companion`` and ``service``. A companion must accompany the family the complaint
    is about now; a harassment complaint stays with the safeguarding managers. The companion is
    told (after commit) and may then read the complaint and add information.
    """
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    if complaint.status not in OPEN_STATUSES:
        raise ComplaintError(_("Only an open complaint can be handed over."))
    where = _text(service, required=False, message="", limit=MAX_REFERRED_TO)
    if (companion is None) == (not where):
        raise ComplaintError(_("Choose a companion of the family or name a service, not both."))
    if companion is not None:
        if complaint.category == Category.HARASSMENT:
            raise ComplaintError(_("A harassment complaint stays with the safeguarding managers."))
        if complaint.profile is None or not is_current_companion(complaint.profile, user=companion):
            raise ComplaintError(_("Choose a current companion of the family this complaint is about."))
        if companion.pk == complaint.assignee_id:
            raise ComplaintError(_("This companion already has the complaint."))
    elif where == complaint.assigned_service:
        raise ComplaintError(_("This service already has the complaint."))
    complaint.assignee = companion
    complaint.assigned_service = where
    complaint.save()
    _event(
        complaint,
        ComplaintEvent.Kind.HANDED,
        by=by,
        assignee=companion,
        assigned_service=where,
        note=_text(note, required=False, message=""),
    )
    if companion is not None and companion.pk != by.pk:
        notifications.push(
            companion.pk,
            {
                "type": "complaint_assigned",
                "complaint": complaint.pk,
                "number": complaint.number,
                "url": complaint.get_absolute_url(),
            },
        )
    return complaint


@transaction.atomic
def start_complaint(complaint: Complaint, *, by: User, note: str = "") -> Complaint:
    """*assigned → in progress*: someone is working on it."""
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    _move(complaint, Status.IN_PROGRESS, by=by, note=_text(note, required=False, message=""))
    return complaint


@transaction.atomic
def resolve_complaint(complaint: Complaint, *, by: User, note: str) -> Complaint:
    """*in progress → resolved*, with the solution given (required)."""
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    text = _text(note, required=True, message=_("Please write what was done to solve it."))
    complaint.resolved_at = timezone.now()
    _move(complaint, Status.RESOLVED, by=by, note=text)
    return complaint


@transaction.atomic
def refer_complaint(complaint: Complaint, *, by: User, referred_to: str, note: str = "") -> Complaint:
    """*in progress → referred*, naming the service or institution it was referred to (required)."""
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    where = _text(
        referred_to,
        required=True,
        message=_("Please name the service or institution it was referred to."),
        limit=MAX_REFERRED_TO,
    )
    text = _text(note, required=False, message="")
    complaint.referred_to = where
    complaint.resolved_at = timezone.now()
    _move(complaint, Status.REFERRED, by=by, note=text, referred_to=where)
    return complaint


@transaction.atomic
def close_complaint(complaint: Complaint, *, by: User, note: str = "") -> Complaint:
    """*resolved | referred → closed*."""
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    complaint.closed_at = timezone.now()
    _move(complaint, Status.CLOSED, by=by, note=_text(note, required=False, message=""))
    return complaint


@transaction.atomic
def reopen_complaint(complaint: Complaint, *, by: User, reason: str) -> Complaint:
    """*closed → in progress*, only with a reason. The resolution time starts over."""
    complaint = _locked(complaint)
    _require_handler(complaint, by)
    if complaint.status != Status.CLOSED:
        raise ComplaintError(_("Only a closed complaint can be reopened."))
    text = _text(reason, required=True, message=_("Please give the reason for reopening."))
    before = complaint.status
    complaint.status = Status.IN_PROGRESS
    complaint.closed_at = None
    complaint.resolved_at = None
    complaint.referred_to = ""
    if complaint.handler_id is None:
        complaint.handler = by
    complaint.reopened_at = timezone.now()
    complaint.save()
    _event(complaint, ComplaintEvent.Kind.REOPENED, by=by, from_status=before, note=text)
    _tell_raiser(complaint, by=by)
    return complaint


REOPEN_DAYS = 14  # how long after the answer the raiser may still say "not resolved"


def can_reopen_by_raiser(complaint: Complaint, *, user: User, now) -> bool:
    """Whether ``user`` raised the complaint and may still reopen it (answered or closed, recently)."""
    answered = complaint.resolved_at or complaint.closed_at
    return (
        complaint.raised_by_id == user.pk
        and complaint.status in (*ANSWERED_STATUSES, Status.CLOSED)
        and answered is not None
        and now - answered <= datetime.timedelta(days=REOPEN_DAYS)
    )


@transaction.atomic
def reopen_by_raiser(complaint: Complaint, *, by: User, reason: str, now=None) -> Complaint:
    """The person who raised it says it is not resolved: *resolved | referred | closed → in progress*.

    Only the raiser, within ``REOPEN_DAYS`` of the answer, with a reason. Locks the complaint; the
    target date starts again from now; the handler hears of it; the queue shows it as reopened.
    Raises ComplaintError otherwise.
    """
    now = now or timezone.now()
    complaint = _locked(complaint)
    if complaint.raised_by_id != by.pk:
        raise ComplaintError(_("Only the person who raised this complaint can say it is not resolved."))
    if not can_reopen_by_raiser(complaint, user=by, now=now):
        raise ComplaintError(
            _(
                "This complaint can no longer be reopened here (only within %(days)s days of the answer). "
                "Raise a new complaint and mention its number."
            )
            % {"days": REOPEN_DAYS}
        )
    text = _text(reason, required=True, message=_("Please say what is still not resolved."))
    before = complaint.status
    complaint.status = Status.IN_PROGRESS
    complaint.closed_at = None
    complaint.resolved_at = None
    complaint.referred_to = ""
    complaint.reopened_at = now
    complaint.due_at = targets.add_working_days(now, targets.target_for(complaint.category))
    complaint.save()
    _event(complaint, ComplaintEvent.Kind.REOPENED, by=by, from_status=before, note=text)
    if complaint.handler_id:
        notifications.push(
            complaint.handler_id,
            {
                "type": "complaint_reopened",
                "complaint": complaint.pk,
                "number": complaint.number,
                "url": complaint.get_absolute_url(),
            },
        )
    return complaint


def can_rate_by_raiser(complaint: Complaint, *, user: User) -> bool:
    """Whether ``user`` raised the complaint and may rate its handling now (answered, not yet rated
    since the latest answer)."""
    answered = complaint.resolved_at or complaint.closed_at
    return (
        complaint.raised_by_id == user.pk
        and complaint.status in (*ANSWERED_STATUSES, Status.CLOSED)
        and (complaint.rated_at is None or (answered is not None and complaint.rated_at < answered))
    )


@transaction.atomic
def rate_complaint(complaint: Complaint, *, by: User, score: Any, comment: str = "", now=None) -> Complaint:
    """The raiser rates how the complaint was handled, 1–5 with an optional comment, once it is
    answered (resolved, referred or closed). Once per answer: a reopened and answered-again complaint
    may be rated again. Locks the complaint; raises ComplaintError otherwise."""
    now = now or timezone.now()
    complaint = _locked(complaint)
    if complaint.raised_by_id != by.pk:
        raise ComplaintError(_("Only the person who raised this complaint can rate its handling."))
    if complaint.status not in (*ANSWERED_STATUSES, Status.CLOSED):
        raise ComplaintError(_("You can rate the handling once the complaint has an answer."))
    answered = complaint.resolved_at or complaint.closed_at
    if complaint.rated_at is not None and (answered is None or complaint.rated_at >= answered):
        raise ComplaintError(_("You have already rated the handling of this complaint. Thank you."))
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ComplaintError(_("Please choose from 1 to 5 stars."))
    text = _text(comment, required=False, message="")
    complaint.rating = value
    complaint.rating_comment = text
    complaint.rated_at = now
    complaint.save()
    _event(complaint, ComplaintEvent.Kind.RATED, by=by, note=f"{value}/5" + (f" — {text}" if text else ""))
    return complaint


@transaction.atomic
def add_information(complaint: Complaint, *, by: User, note: str, photo=None) -> ComplaintEvent:
    """The raiser (or a handler) adds a comment and/or a photo while the complaint is not closed."""
    complaint = _locked(complaint)
    if complaint.raised_by_id != by.pk and complaint.assignee_id != by.pk:
        _require_handler(complaint, by)
    if complaint.status == Status.CLOSED:
        raise ComplaintError(_("This complaint is closed. Raise a new one, or ask the office to reopen it."))
    text = _text(note, required=not photo, message=_("Please write something or add a photo."))
    event = _event(complaint, ComplaintEvent.Kind.INFORMATION, by=by, note=text, **_photo(photo))
    Complaint.objects.filter(pk=complaint.pk).update(updated_at=timezone.now())
    if complaint.handler_id and complaint.handler_id != by.pk:
        notifications.push(
            complaint.handler_id,
            {
                "type": "complaint_information",
                "complaint": complaint.pk,
                "number": complaint.number,
                "url": complaint.get_absolute_url(),
            },
        )
    _tell_raiser(complaint, by=by)
    return event


# -- BSiMU not received ----------------------------------------------------------------------------


def raise_assistance_not_received(assistance, *, unanswered: bool) -> Complaint:
    """An "assistance not received" complaint in the family's name, linked to the assistance item.

    Raised automatically when the family answers "no" to "Sudah menerima …?" or does not answer in
    time. One complaint per item: an item that already has one gets no second.
    """
    existing = Complaint.objects.filter(assistance=assistance).first()
    if existing is not None:
        return existing
    family = assistance.profile.user
    amount = format_rupiah(assistance.amount)
    if unanswered:
        text = _(
            "Raised automatically: the family did not confirm receiving %(item)s (%(amount)s), "
            "recorded as delivered on %(date)s."
        )
    else:
        text = _(
            "Raised automatically: the family says they did not receive %(item)s (%(amount)s), "
            "recorded as delivered on %(date)s."
        )
    text = text % {"item": assistance.plan_item, "amount": amount, "date": assistance.delivered_on}
    complaint = raise_complaint(by=family, category=Category.ASSISTANCE, description=text)
    Complaint.objects.filter(pk=complaint.pk).update(assistance=assistance)
    complaint.assistance = assistance
    return complaint


def on_assistance_not_received(sender, *, assistance, unanswered: bool, **kwargs) -> None:
    """Receiver of ``incubator.signals.assistance_not_received`` (inside the confirming transaction)."""
    raise_assistance_not_received(assistance, unanswered=unanswered)


def escalate_unconfirmed_assistance(now=None) -> int:
    """Scheduled daily: every delivery unanswered for 14 days becomes a complaint. Returns how many.

    Each item is its own transaction (``mark_receipt_unanswered``), so one failure does not undo the rest.
    """
    from incubator.services.assistance import mark_receipt_unanswered, pending_receipts_due

    now = now or timezone.now()
    count = 0
    for assistance in pending_receipts_due(now):
        if mark_receipt_unanswered(assistance, now=now) is not None:
            count += 1
    return count
