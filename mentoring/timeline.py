"""One dated history per entrepreneur: field visits, mentoring sessions, milestone reviews, tier
changes, assistance and declined promotions, newest first.

Paged by a cursor (the last entry shown): each source is read once per page, at most a page plus
one row, so a page costs one query per source however long the history is. Who may see the
timeline, and whether it shows internal notes, is decided by ``mentoring.selectors.profile_access``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from incubator.models import (
    Assistance,
    AssistanceEvent,
    EntrepreneurProfile,
    MilestoneEvent,
    MilestoneStatus,
    PromotionRequest,
    TierChange,
)
from mentoring.models import FieldVisit, MentoringSession
from mentoring.selectors import Access, former_until

PAGE_SIZE = 30
MAX_PK = 2**63 - 1  # the largest id a (big) integer column holds
NOTHING = Q(pk__in=[])
REVIEW_STATES = [
    MilestoneStatus.SUBMITTED,
    MilestoneStatus.RESUBMITTED,
    MilestoneStatus.VERIFIED,
    MilestoneStatus.CHANGES_REQUESTED,
]


@dataclass
class Entry:
    kind: str
    moment: datetime.datetime
    rank: int
    pk: int
    title: str
    actor: User | None = None
    text: str = ""
    internal: str = ""
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.moment)

    @property
    def key(self) -> tuple[datetime.datetime, int, int]:
        return (self.moment, self.rank, self.pk)

    @property
    def cursor(self) -> str:
        return f"{self.moment.isoformat()}|{self.rank}|{self.pk}"


@dataclass(frozen=True)
class Cursor:
    moment: datetime.datetime
    rank: int
    pk: int

    @classmethod
    def parse(cls, value: str | None) -> Cursor | None:
        """The cursor in ``?before=``; None (the first page) when missing, malformed or out of range
        (a moment at the calendar's edge, which the local time zone would push past it, or ids no
        database column holds)."""
        try:
            moment, rank, pk = (value or "").split("|")
            parsed = datetime.datetime.fromisoformat(moment)
            rank, pk = int(rank), int(pk)
            if timezone.is_naive(parsed) or not datetime.MINYEAR < parsed.year < datetime.MAXYEAR:
                return None
            timezone.localtime(parsed)  # may overflow for an edge moment
        except (ValueError, OverflowError):
            return None
        if not (0 <= rank < len(SOURCES) and 0 < pk <= MAX_PK):
            return None
        return cls(parsed, rank, pk)


@dataclass
class TimelinePage:
    profile: EntrepreneurProfile
    entries: list[Entry]
    next_cursor: str | None
    internal: bool


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """Entries dated by day only sort above that day's timed events (logged after the fact)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _tie(rank: int, cursor: Cursor) -> Q:
    if rank < cursor.rank:
        return Q()
    return Q(pk__lt=cursor.pk) if rank == cursor.rank else NOTHING


def _before(field_name: str, rank: int, cursor: Cursor | None, *, by_day: bool) -> Q:
    """Rows whose (moment, rank, pk) sorts after ``cursor`` in the newest-first order."""
    if cursor is None:
        return Q()
    if not by_day:
        return Q(**{f"{field_name}__lt": cursor.moment}) | (
            Q(**{field_name: cursor.moment}) & _tie(rank, cursor)
        )
    local = timezone.localtime(cursor.moment)
    earlier = Q(**{f"{field_name}__lt": local.date()})
    if local.time() != datetime.time.max:
        return earlier
    return earlier | (Q(**{field_name: local.date()}) & _tie(rank, cursor))


def _up_to(field_name: str, until: datetime.datetime, *, by_day: bool) -> Q:
    """Rows from before ``until``; a row dated by day only (a session, a visit) when dated no later
    than that day and logged before ``until`` (as ``selectors.former_sees_visit``)."""
    if by_day:
        return Q(**{f"{field_name}__lte": timezone.localdate(until), "created_at__lte": until})
    return Q(**{f"{field_name}__lte": until})


def _name(user: User | None) -> str:
    return str(user) if user is not None else _("someone")


# -- sources: (queryset, moment field, dated by day?, entry builder) ---------------------------


def _visits(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    def build(visit: FieldVisit, rank: int) -> Entry:
        internal = visit.internal_notes if ctx["internal"] or visit.companion_id == ctx["user"].pk else ""
        return Entry(
            "visit",
            _end_of_day(visit.date),
            rank,
            visit.pk,
            _("Field visit: %(purpose)s") % {"purpose": visit.get_purpose_display()},
            actor=visit.companion,
            text=visit.notes,
            internal=internal,
            url=reverse("mentoring:visit_detail", args=[visit.pk]),
            extra={"place": visit.place},
        )

    qs = FieldVisit.objects.filter(profile=profile).select_related("companion")
    return qs, "date", True, build


def _sessions(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    # The session pages answer only the pair and current companions (mentoring.selectors.sessions_for).
    linked = ctx["access"] in (Access.OWNER, Access.COMPANION)

    def build(session: MentoringSession, rank: int) -> Entry:
        return Entry(
            "session",
            _end_of_day(session.date),
            rank,
            session.pk,
            _("Mentoring session (%(mode)s)") % {"mode": session.get_mode_display()},
            actor=session.companion,
            text=session.topics,
            url=reverse("mentoring:session_detail", args=[session.pk]) if linked else None,
        )

    qs = MentoringSession.objects.filter(profile=profile, fieldvisit__isnull=True).select_related("companion")
    return qs, "date", True, build


def _milestone_events(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    linked = ctx["access"] in (Access.OWNER, Access.COMPANION)

    def build(event: MilestoneEvent, rank: int) -> Entry:
        title = _("%(milestone)s: %(status)s") % {
            "milestone": event.milestone.template.display_title,
            "status": event.get_to_status_display(),
        }
        extra = {}
        if event.on_behalf_of_id and event.actor_id != event.on_behalf_of_id:
            extra["on_behalf"] = _("entered by %(companion)s for %(entrepreneur)s") % {
                "companion": _name(event.actor),
                "entrepreneur": _name(event.on_behalf_of),
            }
        return Entry(
            "milestone",
            event.created_at,
            rank,
            event.pk,
            title,
            actor=event.actor,
            text=event.comment,
            url=reverse("incubator:milestone_detail", args=[event.milestone_id]) if linked else None,
            extra=extra,
        )

    qs = MilestoneEvent.objects.filter(
        milestone__profile=profile, to_status__in=REVIEW_STATES
    ).select_related("milestone__template", "actor", "on_behalf_of")
    return qs, "created_at", False, build


def _tier_changes(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    def build(change: TierChange, rank: int) -> Entry:
        if change.from_tier:
            title = _("Tier changed: %(old)s → %(new)s") % {
                "old": change.get_from_tier_display(),
                "new": change.get_to_tier_display(),
            }
        else:
            title = _("Started in tier %(new)s") % {"new": change.get_to_tier_display()}
        return Entry("tier", change.changed_at, rank, change.pk, title, actor=change.changed_by)

    qs = TierChange.objects.filter(profile=profile).select_related("changed_by")
    return qs, "changed_at", False, build


def _assistance(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    def build(event: AssistanceEvent, rank: int) -> Entry:
        title = _("Assistance %(item)s: %(status)s") % {
            "item": event.assistance.plan_item,
            "status": event.get_to_status_display(),
        }
        # The managers' notes on assistance stay with the managers and companions.
        note = event.note if ctx["access"] != Access.OWNER else ""
        return Entry("assistance", event.happened_at, rank, event.pk, title, actor=event.actor, text=note)

    qs = (
        AssistanceEvent.objects.filter(assistance__profile=profile)
        .exclude(_DELIVERED_ON_A_DAY)
        .annotate(happened_at=_assistance_moment())
        .select_related("assistance", "actor")
    )
    return qs, "happened_at", False, build


def _assistance_moment():
    """When a step of the assistance happened, not when it was typed in (E12): the approval at the
    record's ``approved_at``, the plan no later than that; and neither after the day of delivery (a
    delivery of 25 August entered with its plan and approval on 2 December puts all three on
    25 August). Other steps (cancellation, receipt) stand when they were recorded."""
    # End of the delivery day in the current zone. Indonesia's zones keep one offset all year, so
    # the date's UTC midnight shifted by today's offset is that day's local midnight.
    offset = timezone.localtime().utcoffset() or datetime.timedelta(0)
    delivered_end = ExpressionWrapper(
        Cast("assistance__delivered_on", DateTimeField())
        + Value(datetime.timedelta(days=1) - offset - datetime.timedelta(microseconds=1)),
        output_field=DateTimeField(),
    )
    approved = Coalesce("assistance__approved_at", "created_at")
    stated = Case(
        When(to_status=Assistance.Status.APPROVED, then=approved),
        When(to_status=Assistance.Status.PLANNED, then=Least("created_at", approved)),
        default=F("created_at"),
        output_field=DateTimeField(),
    )
    return Case(
        When(
            to_status__in=[Assistance.Status.PLANNED, Assistance.Status.APPROVED],
            assistance__delivered_on__isnull=False,
            then=Least(stated, delivered_end),
        ),
        default=stated,
        output_field=DateTimeField(),
    )


# A delivery is dated by the day the family received it, not when it was recorded (E12: a delivery
# of 25 August recorded on 2 December stood at the top of the timeline, dated 2 December).
_DELIVERED_ON_A_DAY = Q(to_status="delivered", assistance__delivered_on__isnull=False)


def _assistance_delivered(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    def build(event: AssistanceEvent, rank: int) -> Entry:
        title = _("Assistance %(item)s: %(status)s") % {
            "item": event.assistance.plan_item,
            "status": event.get_to_status_display(),
        }
        note = event.note if ctx["access"] != Access.OWNER else ""
        return Entry(
            "assistance",
            _end_of_day(event.assistance.delivered_on),
            rank,
            event.pk,
            title,
            actor=event.actor,
            text=note,
        )

    qs = AssistanceEvent.objects.filter(_DELIVERED_ON_A_DAY, assistance__profile=profile).select_related(
        "assistance", "actor"
    )
    return qs, "assistance__delivered_on", True, build


def _declined_promotions(profile: EntrepreneurProfile, ctx: dict) -> tuple[QuerySet, str, bool, Callable]:
    # An approved promotion shows as its tier change; only a declined one needs its own entry.
    def build(request: PromotionRequest, rank: int) -> Entry:
        title = _("Promotion to %(tier)s declined") % {"tier": request.get_to_tier_display()}
        return Entry(
            "promotion", request.decided_at, rank, request.pk, title, actor=request.decided_by,
            text=request.decision_reason,
        )  # fmt: skip

    qs = PromotionRequest.objects.filter(
        profile=profile, status=PromotionRequest.Status.DECLINED, decided_at__isnull=False
    ).select_related("decided_by")
    return qs, "decided_at", False, build


# Higher rank sorts first among entries at the same moment; the order also fixes the rank.
SOURCES = [
    _declined_promotions, _assistance, _tier_changes, _milestone_events, _sessions, _visits,
    _assistance_delivered,
]  # fmt: skip
# Sources whose rows a companion wrote (``companion``): a former companion keeps their own.
AUTHORED = {_sessions, _visits}


def register_source(source: Callable) -> None:
    """Let a higher app (``pillars``) add a source from its ``AppConfig.ready()``: appended, so the
    ranks (and cursors) of the sources above stay as they are. Registering twice is a no-op."""
    if source not in SOURCES:
        SOURCES.append(source)


def timeline_for(
    profile: EntrepreneurProfile,
    *,
    user: User,
    access: str,
    before: str | None = None,
    limit: int | None = None,
) -> TimelinePage:
    """A page of ``profile``'s history as ``user`` (with ``access`` from ``profile_access``) may
    see it, newest first, starting after the cursor ``before``; ``PAGE_SIZE`` entries unless
    ``limit`` says otherwise. One query per source (and one for a former companion's end date).

    A former companion sees the history only up to the end of their assignment
    (``selectors.former_until``), plus the sessions and visits they wrote themselves.
    """
    limit = limit or PAGE_SIZE
    internal = access in (Access.COMPANION, Access.MANAGER)
    ctx = {"user": user, "access": access, "internal": internal}
    until = former_until(profile, user=user) if access == Access.FORMER else None
    cursor = Cursor.parse(before)
    entries: list[Entry] = []
    for rank, source in enumerate(SOURCES):
        qs, moment_field, by_day, build = source(profile, ctx)
        if access == Access.FORMER:
            own = Q(companion_id=user.pk) if source in AUTHORED else NOTHING
            qs = qs.filter(own | (_up_to(moment_field, until, by_day=by_day) if until else NOTHING))
        rows = qs.filter(_before(moment_field, rank, cursor, by_day=by_day)).order_by(
            f"-{moment_field}", "-pk"
        )
        entries.extend(build(row, rank) for row in rows[: limit + 1])
    entries.sort(key=lambda entry: entry.key, reverse=True)
    more = len(entries) > limit
    entries = entries[:limit]
    return TimelinePage(
        profile=profile,
        entries=entries,
        next_cursor=entries[-1].cursor if more and entries else None,
        internal=internal,
    )
