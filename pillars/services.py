"""The rules of the pillar program: bimtek, attendance, completion, community sessions, targets.

Every function checks the actor's area (``incubator.scope``) itself: the admin screens and the
pillar pages call these, never the models.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.errors import AccountError
from accounts.models import User
from accounts.services import create_entrepreneur_account
from cms.models import Audience
from core.images import PhotoRejected, clean_photo
from incubator.models import EntrepreneurProfile, Region
from incubator.scope import scope_for
from pillars import selectors
from pillars.errors import Forbidden, PillarError
from pillars.models import (
    MAX_SESSION_PHOTOS,
    AreaTarget,
    BimtekEvent,
    BimtekParticipant,
    CommunitySession,
    CommunitySessionPhoto,
    Indicator,
    PillarOrganisation,
)

EARLIEST = datetime.date(2000, 1, 1)


def _require_manager_of(region: Region | None, *, by: User, permission: str) -> None:
    if not by.has_perm(permission):
        raise Forbidden(_("You may not do this."))
    scope = scope_for(by)
    if region is None:
        if not scope.national:
            raise Forbidden(_("Only a national manager may do this for the whole country."))
    elif not scope.contains_region(region):
        raise Forbidden(_("This area is outside yours."))


# -- bimtek --------------------------------------------------------------------------------------


@dataclass
class EventInput:
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    region: Region
    capacity: int
    place: str = ""
    online: bool = False
    organiser: PillarOrganisation | None = None
    courses: Sequence = field(default_factory=tuple)


@transaction.atomic
def plan_bimtek(*, by: User, data: EventInput) -> BimtekEvent:
    """A manager plans technical guidance in their area.

    Raises ``Forbidden`` outside the manager's area (or for an organiser of another area) and
    ``PillarError`` for a missing title, dates in the wrong order, no place for an in-person event,
    a capacity below one or a course that is only for families (a bimtek uses pillar courses);
    nothing is stored then.
    """
    _require_manager_of(data.region, by=by, permission="pillars.add_bimtekevent")
    title = (data.title or "").strip()
    if not title:
        raise PillarError(_("Give the bimtek a title."))
    if data.ends_on < data.starts_on:
        raise PillarError(_("The bimtek cannot end before it starts."))
    if data.starts_on < EARLIEST:
        raise PillarError(_("Check the dates of the bimtek."))
    if not data.online and not (data.place or "").strip():
        raise PillarError(_("Say where the bimtek takes place, or mark it online."))
    if data.capacity is None or data.capacity < 1:
        raise PillarError(_("The capacity must be at least one person."))
    if data.organiser is not None and not scope_for(by).contains_region(data.organiser.region):
        raise Forbidden(_("This area is outside yours."))
    if any(course.audience == Audience.ENTREPRENEURS for course in data.courses):
        raise PillarError(_("A bimtek covers courses for social pillars only."))
    event = BimtekEvent.objects.create(
        title=title[:200],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        place=(data.place or "").strip()[:200],
        online=data.online,
        region=data.region,
        organiser=data.organiser,
        capacity=data.capacity,
        planned_by=by,
    )
    if data.courses:
        event.courses.set(data.courses)
    return event


def _lock_event(event: BimtekEvent, *, by: User) -> BimtekEvent:
    locked = BimtekEvent.objects.select_for_update().select_related("region").get(pk=event.pk)
    _require_manager_of(locked.region, by=by, permission="pillars.change_bimtekevent")
    return locked


@transaction.atomic
def invite_pillars(event: BimtekEvent, *, by: User, users: Iterable[User]) -> list[BimtekParticipant]:
    """Invite pillar members (companions or organisation members of the area) to ``event``.

    Locks the event. Someone already invited is skipped. Raises ``PillarError`` when the invitations
    would exceed the capacity or name someone who is not a pillar of the event's area.
    """
    event = _lock_event(event, by=by)
    if event.completed_at is not None:
        raise PillarError(_("The completion records of this bimtek are issued: it is closed."))
    allowed = set(selectors.pillar_users_in(event.region).values_list("pk", flat=True))
    already = set(event.participants.values_list("user_id", flat=True))
    wanted = [user for user in users if user.pk not in already]
    if any(user.pk not in allowed for user in wanted):
        raise PillarError(_("Only pillars of the bimtek's area can be invited."))
    if len(already) + len(wanted) > event.capacity:
        raise PillarError(
            _("This bimtek has room for %(capacity)d people: invite fewer.") % {"capacity": event.capacity}
        )
    return BimtekParticipant.objects.bulk_create(
        BimtekParticipant(event=event, user=user, invited_by=by) for user in wanted
    )


@transaction.atomic
def add_participant_by_phone(
    event: BimtekEvent,
    *,
    by: User,
    full_name: str,
    phone: str,
    organisation: PillarOrganisation | None = None,
) -> BimtekParticipant:
    """Add a pillar member who has no Tumbuh account yet: an account without a password is made
    for the phone (they sign in by a code, like families), with the companion role, and joined to
    ``organisation`` (which must be in the event's area).

    Raises ``PillarError`` (nothing saved) for a missing name, a bad or taken number, a full event.
    """
    event = _lock_event(event, by=by)
    if event.completed_at is not None:
        raise PillarError(_("The completion records of this bimtek are issued: it is closed."))
    if event.participants.count() >= event.capacity:
        raise PillarError(
            _("This bimtek has room for %(capacity)d people: invite fewer.") % {"capacity": event.capacity}
        )
    if organisation is not None and not scope_for(by).contains_region(organisation.region):
        raise Forbidden(_("This area is outside yours."))
    try:
        # The manager records the person's agreement when adding them, as a companion does for a family.
        user = create_entrepreneur_account(full_name=full_name, phone=phone, consent=True, captured_by=by)
    except AccountError as exc:
        raise PillarError(str(exc)) from exc
    user.groups.clear()
    roles.add_role(user, roles.MENTOR)
    if organisation is not None:
        organisation.members.add(user)
    return BimtekParticipant.objects.create(event=event, user=user, invited_by=by, organisation=organisation)


@transaction.atomic
def record_attendance(event: BimtekEvent, *, by: User, present: Iterable[int]) -> int:
    """Tick the invited people (``present``: their user ids) as checked in. Returns how many.

    Raises ``PillarError`` when an id is not an invited person of this event.
    """
    event = _lock_event(event, by=by)
    ids = {int(pk) for pk in present}
    rows = BimtekParticipant.objects.filter(event=event, user_id__in=ids)
    if rows.count() != len(ids):
        raise PillarError(_("Only invited people can be marked present."))
    return rows.filter(attended_at__isnull=True).update(attended_at=timezone.now(), attendance_recorded_by=by)


@transaction.atomic
def attach_attendance_list(event: BimtekEvent, *, by: User, photo) -> BimtekEvent:
    """Keep a photo of the signed attendance list (re-encoded without EXIF/GPS, private)."""
    event = _lock_event(event, by=by)
    try:
        cleaned = clean_photo(photo)
    except PhotoRejected as exc:
        raise PillarError(str(exc)) from exc
    event.attendance_photo.save(cleaned.image.name, cleaned.image, save=False)
    event.save(update_fields=["attendance_photo", "updated_at"])
    return event


@transaction.atomic
def issue_completion(event: BimtekEvent, *, by: User) -> int:
    """Close the bimtek: everyone checked in (or, with a signed attendance list and no per-person
    check-in, everyone invited) receives a completion record. Returns how many completed.

    Raises ``PillarError`` before the last day, when it was already issued, or without any attendance.
    """
    event = _lock_event(event, by=by)
    if event.completed_at is not None:
        raise PillarError(_("The completion records of this bimtek were already issued."))
    if timezone.localdate() < event.ends_on:
        raise PillarError(_("Completion can be issued from the bimtek's last day."))
    rows = BimtekParticipant.objects.filter(event=event)
    attended = rows.filter(attended_at__isnull=False)
    if not attended.exists():
        if not event.attendance_photo:
            raise PillarError(_("Record who attended (or attach the signed attendance list) first."))
        attended = rows
        attended.update(attended_at=timezone.now(), attendance_recorded_by=by)
    now = timezone.now()
    count = attended.update(completed_at=now)
    event.completed_at, event.completed_by = now, by
    event.save(update_fields=["completed_at", "completed_by", "updated_at"])
    return count


# -- community sessions --------------------------------------------------------------------------


@dataclass
class SessionInput:
    date: datetime.date
    region: Region
    village: str
    topic: str
    duration_minutes: int
    participants: Sequence[EntrepreneurProfile] = ()
    lessons: Sequence = ()
    women: int = 0
    men: int = 0
    girls: int = 0
    boys: int = 0
    older_women: int = 0
    older_men: int = 0
    follow_ups: str = ""
    organisation: PillarOrganisation | None = None


@transaction.atomic
def log_community_session(
    *, by: User, data: SessionInput, photos: Sequence = (), client_key: uuid.UUID | None = None
) -> CommunitySession:
    """A pillar member who completed a bimtek records a session they ran in their community.

    The regency must be one they work in (companion regions or their organisations' areas); ticked
    participants must be families of that regency. Raises ``Forbidden`` for someone not trained,
    ``PillarError`` for a future date, a missing village or topic, a duration outside 5–600
    minutes, a negative count, more than five photos or an unusable photo; nothing is stored then.
    Photos are re-encoded without EXIF/GPS and kept private.

    Idempotent on ``client_key`` (the form page's hidden key, replayed by the offline outbox): the
    same key again from the same member returns the session already stored and changes nothing.
    Locks the member's user row, so two sends of one form at the same moment wait for each other;
    should they still meet at the unique key, the second returns the first's session.
    """
    if not selectors.is_trained(by):
        raise Forbidden(_("Only a pillar member who completed a bimtek can log community sessions."))
    if client_key is not None:
        User.objects.select_for_update().filter(pk=by.pk).first()
        earlier = CommunitySession.objects.filter(facilitator=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    if data.date > timezone.localdate() or data.date < EARLIEST:
        raise PillarError(_("The session date cannot be in the future."))
    village, topic = (data.village or "").strip(), (data.topic or "").strip()
    if not village:
        raise PillarError(_("Name the village where the session took place."))
    if not topic:
        raise PillarError(_("Say what the session was about."))
    if data.duration_minutes is None or not 5 <= data.duration_minutes <= 600:
        raise PillarError(_("The duration must be between 5 and 600 minutes."))
    counts = {name: getattr(data, name) or 0 for name in CommunitySession.OTHER_FIELDS}
    if any(value < 0 or value > 5000 for value in counts.values()):
        raise PillarError(_("Attendee counts must be between 0 and 5000."))
    if data.region is None or data.region.pk not in selectors.facilitator_regency_ids(by):
        raise Forbidden(_("You can log sessions only in the area you work in."))
    if data.organisation is not None and not data.organisation.members.filter(pk=by.pk).exists():
        raise Forbidden(_("You are not a member of this organisation."))
    families = list(data.participants)
    if any(profile.regency_id != data.region.pk for profile in families):
        raise PillarError(_("Tick only families of the session's area."))
    if len(photos) > MAX_SESSION_PHOTOS:
        raise PillarError(_("At most %(max)d photos per session.") % {"max": MAX_SESSION_PHOTOS})
    try:
        cleaned = [clean_photo(photo) for photo in photos]
    except PhotoRejected as exc:
        raise PillarError(str(exc)) from exc
    try:
        with transaction.atomic():
            session = CommunitySession.objects.create(
                facilitator=by,
                organisation=data.organisation,
                region=data.region,
                date=data.date,
                village=village[:120],
                topic=topic[:200],
                duration_minutes=data.duration_minutes,
                follow_ups=(data.follow_ups or "").strip()[:2000],
                client_key=client_key,
                **counts,
            )
    except IntegrityError:  # the same form sent at the same moment: the first one's session
        earlier = CommunitySession.objects.filter(facilitator=by, client_key=client_key).first()
        if client_key is None or earlier is None:
            raise
        return earlier
    session.participants.set(families)
    if data.lessons:
        session.lessons.set(data.lessons)
    for processed in cleaned:
        photo = CommunitySessionPhoto(session=session)
        photo.image.save(processed.image.name, processed.image, save=False)
        photo.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
        photo.save()
    return session


@transaction.atomic
def verify_session(session: CommunitySession, *, by: User) -> CommunitySession:
    """A manager of the session's area marks it verified (once). Locks the session."""
    session = CommunitySession.objects.select_for_update().select_related("region").get(pk=session.pk)
    _require_manager_of(session.region, by=by, permission="pillars.change_communitysession")
    if session.verified_at is not None:
        raise PillarError(_("This session is already verified."))
    session.verified_at, session.verified_by = timezone.now(), by
    session.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return session


# -- targets -------------------------------------------------------------------------------------


@transaction.atomic
def set_target(*, by: User, year: int, region: Region | None, indicator: str, value: int) -> AreaTarget:
    """Set (or change) a yearly target for ``region`` (a province or regency; None: national).

    A regional manager sets only their own area; the national target only a national manager
    (it is not the sum of the areas unless they choose so). Raises ``PillarError`` for an unknown
    indicator, a year outside 2020–2100, a negative value or a district as area.
    """
    _require_manager_of(region, by=by, permission="pillars.add_areatarget")
    if indicator not in Indicator.values:
        raise PillarError(_("Unknown indicator."))
    if not 2020 <= int(year) <= 2100:
        raise PillarError(_("Choose a year between 2020 and 2100."))
    if value is None or int(value) < 0:
        raise PillarError(_("A target cannot be negative."))
    if region is not None and region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise PillarError(_("Targets are set per province or regency."))
    target = (
        AreaTarget.objects.select_for_update().filter(year=year, region=region, indicator=indicator).first()
    )
    if target is None:
        return AreaTarget.objects.create(
            year=year, region=region, indicator=indicator, value=value, set_by=by
        )
    target.value, target.set_by = value, by
    target.save(update_fields=["value", "set_by", "updated_at"])
    return target
