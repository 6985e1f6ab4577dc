"""Field visits: a companion logs a visit to an assigned entrepreneur, and may correct it for a while.

A visit is a mentoring session (mode ``visit``) with a place, a purpose and internal notes
(``mentoring.models.FieldVisit``), so its photos and follow-ups are the sessions' own rows and its
follow-ups are ticked with ``mentoring.services.set_action_item_done``. Who may read what is in
``mentoring.selectors`` (``profile_access``).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core import notifications
from incubator.models import CompanionAssignment, EntrepreneurProfile
from incubator.services import bump_dashboard
from mentoring.models import (
    FieldVisit,
    FieldVisitRevision,
    SessionMode,
    VisitPurpose,
)
from mentoring.photos import clean_session_photo
from mentoring.services import (
    ActionItemInput,
    Forbidden,
    MentoringError,
    add_contact_details,
    lock_contact,
    require_family_consent,
)

MAX_PHOTOS = 5
EDIT_WINDOW = datetime.timedelta(days=7)
EARLIEST = datetime.date(2000, 1, 1)  # older dates are typing mistakes (the program is far younger)
PLACE_MAX = 100
# What a correction may change; photos and follow-ups are added once, with the visit.
EDITABLE = ("date", "purpose", "district", "village", "notes", "internal_notes")


class VisitError(MentoringError):
    """A field visit refused, with a message fit to show the companion."""


@dataclass(frozen=True)
class VisitInput:
    visited_on: datetime.date
    purpose: str
    district: str
    village: str
    summary: str
    internal_notes: str = ""


def _clean(data: VisitInput, *, started: datetime.datetime | None) -> dict:
    """The model fields for ``data``, or VisitError with the first problem found. ``started``: when
    the companion's assignment began; a visit cannot be dated before it."""
    if data.visited_on is None:
        raise VisitError(_("Enter the date of the visit."))
    if data.visited_on > timezone.localdate():
        raise VisitError(_("A visit cannot be dated in the future."))
    if data.visited_on < EARLIEST:
        raise VisitError(_("A visit cannot be dated before 1 January 2000. Check the year."))
    if started is not None and data.visited_on < timezone.localdate(started):
        raise VisitError(
            _("A visit cannot be dated before you were assigned to this entrepreneur (%(date)s).")
            % {"date": date_format(timezone.localdate(started), "j F Y")}
        )
    if data.purpose not in VisitPurpose.values:
        raise VisitError(_("Choose the purpose of the visit."))
    district, village = (data.district or "").strip(), (data.village or "").strip()
    if not district or not village:
        raise VisitError(_("Enter the district and the village of the visit."))
    if len(district) > PLACE_MAX or len(village) > PLACE_MAX:
        raise VisitError(
            _("District and village can be at most %(max)d characters long.") % {"max": PLACE_MAX}
        )
    summary = (data.summary or "").strip()
    if not summary:
        raise VisitError(_("Write a short summary of the visit for the entrepreneur."))
    return {
        "date": data.visited_on,
        "purpose": data.purpose,
        "district": district,
        "village": village,
        "notes": summary,
        "internal_notes": (data.internal_notes or "").strip(),
    }


def _topics(summary: str) -> str:
    """The session's one-line subject, shown in the session list: the summary's first line."""
    return summary.splitlines()[0][:300]


@transaction.atomic
def log_visit(
    profile: EntrepreneurProfile,
    *,
    by: User,
    data: VisitInput,
    follow_ups: list[ActionItemInput] | tuple = (),
    photos: list | tuple = (),
    client_key: uuid.UUID | None = None,
) -> FieldVisit:
    """A companion currently assigned to the entrepreneur records a field visit.

    Raises ``Forbidden`` for anyone else or when the family withdrew consent, and ``VisitError`` for a date in the future, before
    2000-01-01 or before the companion's assignment started, an unknown purpose, a missing place
    or summary, more than five photos or an unusable photo; nothing is stored then. Photos are
    re-encoded without EXIF/GPS before anything is written. After commit the entrepreneur's
    notification stream hears of the visit (never the internal notes). Locks the companion's
    current assignment row.

    Idempotent on ``client_key`` (the form page's hidden key): the same key again from the same
    companion for the same entrepreneur returns the visit already stored and changes nothing. The
    assignment lock makes two sends of one form at the same moment wait for each other.
    """
    assignment, existing = lock_contact(
        FieldVisit,
        profile=profile,
        by=by,
        client_key=client_key,
        reused=VisitError(_("This form was already used. Open the visit form again.")),
    )
    if existing is not None:
        return existing
    if assignment is None:
        raise Forbidden(_("Only a companion assigned to this entrepreneur can log a visit."))
    require_family_consent(profile)
    fields = _clean(data, started=assignment.started_at)
    if len(photos) > MAX_PHOTOS:
        raise VisitError(_("At most %(max)d photos per visit.") % {"max": MAX_PHOTOS})
    try:
        cleaned = [clean_session_photo(photo) for photo in photos]
    except MentoringError as exc:
        raise VisitError(str(exc)) from exc
    visit = FieldVisit.objects.create(
        profile=profile,
        companion=by,
        mode=SessionMode.VISIT,
        topics=_topics(fields["notes"]),
        client_key=client_key,
        **fields,
    )
    add_contact_details(visit, action_items=follow_ups, photos=cleaned)
    notifications.push(
        profile.user_id, {"type": "visit_logged", "visit_id": visit.pk, "date": visit.date.isoformat()}
    )
    return visit


def can_edit(visit: FieldVisit, *, user: User, now: datetime.datetime | None = None) -> bool:
    """The author, within seven days of logging it."""
    now = now or timezone.now()
    return user.is_authenticated and visit.companion_id == user.pk and now - visit.created_at <= EDIT_WINDOW


@transaction.atomic
def correct_visit(visit: FieldVisit, *, by: User, data: VisitInput) -> FieldVisit:
    """The author corrects a visit within seven days of logging it; each correction is recorded
    (field by field, old and new value) in ``FieldVisitRevision``.

    Locks the visit row so two corrections at once apply one after the other. Raises ``Forbidden``
    for anyone but the author or after the window, ``VisitError`` for invalid values. A
    correction that changes nothing records nothing.
    """
    locked = FieldVisit.objects.select_for_update().get(pk=visit.pk)
    if not can_edit(locked, user=by):
        raise Forbidden(_("Only the companion who logged this visit can correct it, within 7 days."))
    # The assignment the visit was logged under: a correction cannot move it before its start.
    assignment = (
        CompanionAssignment.objects.filter(
            profile_id=locked.profile_id, companion_id=by.pk, started_at__lte=locked.created_at
        )
        .order_by("-started_at")
        .first()
    )
    fields = _clean(data, started=assignment.started_at if assignment else None)
    changes = {}
    for name in EDITABLE:
        old, new = getattr(locked, name), fields[name]
        if old != new:
            changes[name] = {"from": _jsonable(old), "to": _jsonable(new)}
            setattr(locked, name, new)
    if not changes:
        return locked
    locked.topics = _topics(locked.notes)
    locked.save()
    FieldVisitRevision.objects.create(visit=locked, edited_by=by, changes=changes)
    bump_dashboard([locked.profile_id])  # the date may have moved: the latest contact of the family
    return locked


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime.date) else value
