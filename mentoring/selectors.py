"""Reads for the mentoring app: each fetches and checks who may see it in one step."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Exists, Func, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone

from accounts import roles
from accounts.models import User
from core.db import STAND_IN_IDS, compiled_once
from incubator.models import CompanionAssignment, EntrepreneurProfile, MentorProfile
from incubator.scope import Scope
from incubator.selectors import (
    is_current_companion,  # the one predicate; used as selectors.is_current_companion
)
from mentoring.models import (
    ActionItem,
    Conversation,
    FieldVisit,
    MentoringSession,
    Message,
    PlannedContact,
    ReadMarker,
    SessionPhoto,
)

QUIET_DAYS = 14
REPLY_WINDOW_DAYS = 90


# -- who may do what ---------------------------------------------------------------------------


def is_participant(conversation: Conversation, *, user: User) -> bool:
    return user.is_authenticated and user.pk in conversation.participant_ids()


def can_read(conversation: Conversation, *, user: User) -> bool:
    """Both people of the pair, also after a reassignment (history stays readable)."""
    return is_participant(conversation, user=user)


def can_write(conversation: Conversation, *, user: User) -> bool:
    """Only while the companion is still assigned: the current pair writes, a former one reads."""
    return is_participant(conversation, user=user) and conversation.is_open


def can_see_session(session: MentoringSession, *, user: User) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk in (session.profile.user_id, session.companion_id):
        return True
    return is_current_companion(session.profile, user=user)


# -- conversations -----------------------------------------------------------------------------


def _mine(user: User) -> Q:
    return Q(profile__user_id=user.pk) | Q(companion_id=user.pk)


def _current_assignment(outer_profile: str = "profile_id", outer_companion: str = "companion_id"):
    return CompanionAssignment.objects.filter(
        profile_id=OuterRef(outer_profile), companion_id=OuterRef(outer_companion), ended_at__isnull=True
    )


def conversations_for(*, user: User) -> QuerySet[Conversation]:
    """The user's conversations, newest activity first, each with ``unread`` and ``open``.

    A fixed number of queries however many conversations there are.
    """
    marker = ReadMarker.objects.filter(conversation=OuterRef("pk"), user_id=user.pk).values("last_read_id")
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"), pk__gt=OuterRef("read_up_to"))
        .exclude(sender_id=user.pk)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Conversation.objects.filter(_mine(user))
        .select_related("profile__user", "companion", "last_message__sender")
        .annotate(
            read_up_to=Coalesce(Subquery(marker), 0),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            open=Exists(_current_assignment()),
        )
        .order_by("-open", "-last_message_at", "-pk")
    )


def get_conversation_for(*, user: User, pk: int) -> Conversation:
    """The conversation if this user is (or was) one of its pair; Http404 otherwise."""
    conversation = Conversation.objects.select_related("profile__user", "companion").filter(pk=pk).first()
    if conversation is None or not can_read(conversation, user=user):
        raise Http404
    return conversation


def unread_total(*, user_id: int) -> int:
    """Messages from others the user has not read yet, across all their conversations.

    Counted conversation by conversation from the read marker on, so each count is a range scan of
    the (conversation, id) index: the cost follows the unread messages, not the stored history.
    """
    read_up_to = Coalesce(
        Subquery(
            ReadMarker.objects.filter(conversation=OuterRef(OuterRef("pk")), user_id=user_id).values(
                "last_read_id"
            )
        ),
        0,
    )
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"), pk__gt=read_up_to)
        .exclude(sender_id=user_id)
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    totals = Conversation.objects.filter(Q(profile__user_id=user_id) | Q(companion_id=user_id)).aggregate(
        total=Sum(Coalesce(Subquery(unread, output_field=IntegerField()), 0))
    )
    return totals["total"] or 0


def unread_totals(*, user_ids: set[int] | list[int]) -> dict[int, int]:
    """``unread_total`` for several people in one query: ``{user id: total}`` (people without a
    conversation are left out). The chat's group commit tells each receiver of a batch at once, so
    its SQL is built once per number of people and kept (``core.db.compiled_once``): building the
    nested subqueries cost more CPU than running them. Not padded to fewer sizes: with repeated ids
    in ``IN`` PostgreSQL chose a plan several times slower (33 people: 0.06 → 0.47 s at 250 unread
    messages per conversation)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    stand_ins = STAND_IN_IDS[: len(ids)]
    statement = compiled_once(
        connection, ("mentoring.unread_totals", len(ids)), lambda: _unread_totals_query(stand_ins), stand_ins
    )
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.bind(dict(zip(stand_ins, ids, strict=True))))
        return {pk: int(unread) for pk, unread in cursor.fetchall()}


def _unread_totals_query(user_ids: list[int]) -> QuerySet:
    read_up_to = Coalesce(
        Subquery(
            ReadMarker.objects.filter(
                conversation=OuterRef(OuterRef("pk")), user_id=OuterRef(OuterRef(OuterRef("pk")))
            ).values("last_read_id")
        ),
        0,
    )
    unread = (
        Message.objects.filter(conversation=OuterRef("pk"), pk__gt=read_up_to)
        .exclude(sender_id=OuterRef(OuterRef("pk")))
        .order_by()
        .values("conversation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_person = (
        Conversation.objects.filter(Q(profile__user_id=OuterRef("pk")) | Q(companion_id=OuterRef("pk")))
        .order_by()
        .annotate(total=Func(Coalesce(Subquery(unread, output_field=IntegerField()), 0), function="SUM"))
        .values("total")
    )
    people = User.objects.filter(pk__in=user_ids).annotate(
        unread=Coalesce(Subquery(per_person, output_field=IntegerField()), 0)
    )
    return people.values_list("pk", "unread")


def read_position(conversation: Conversation, *, user_id: int) -> int:
    marker = ReadMarker.objects.filter(conversation=conversation, user_id=user_id).first()
    return marker.last_read_id if marker else 0


# -- sessions ----------------------------------------------------------------------------------


def sessions_for(*, user: User) -> QuerySet[MentoringSession]:
    """An entrepreneur's sessions; for a companion, those of the entrepreneurs they accompany now
    and those they logged themselves."""
    current = CompanionAssignment.objects.current().filter(companion=user).values("profile_id")
    return (
        MentoringSession.objects.filter(
            Q(profile__user_id=user.pk) | Q(companion_id=user.pk) | Q(profile_id__in=current)
        )
        .select_related("profile__user", "companion")
        .prefetch_related("action_items", "photos")
        .distinct()
    )


def get_session_for(*, user: User, pk: int) -> MentoringSession:
    session = sessions_for(user=user).filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def get_action_item_for(*, user: User, pk: int) -> ActionItem:
    item = ActionItem.objects.select_related("session__profile").filter(pk=pk).first()
    if item is None or not can_see_session(item.session, user=user):
        raise Http404
    return item


def profiles_accompanied_by(*, user: User) -> QuerySet[EntrepreneurProfile]:
    return EntrepreneurProfile.objects.filter(
        assignments__companion=user, assignments__ended_at__isnull=True
    ).select_related("user")


# -- program-manager metadata (never message contents) -----------------------------------------


def first_reply_times(
    *, since: datetime.datetime | None = None, conversation_ids: Iterable[int] | None = None
) -> dict[int, list[float]]:
    """Seconds a companion took to answer, per companion id.

    A "turn" starts at an entrepreneur's message that follows a companion's (or opens the
    conversation); it ends at the companion's next message. One pass over the messages' ids,
    senders and times, ordered by conversation.
    """
    since = since or timezone.now() - datetime.timedelta(days=REPLY_WINDOW_DAYS)
    rows = Message.objects.filter(created_at__gte=since)
    if conversation_ids is not None:
        rows = rows.filter(conversation_id__in=conversation_ids)  # a list or an id subquery
    rows = rows.order_by("conversation_id", "pk").values_list(
        "conversation_id", "sender_id", "created_at", "conversation__companion_id"
    )
    result: dict[int, list[float]] = defaultdict(list)
    current_conversation = None
    waiting_since = None
    for conversation_id, sender_id, created_at, companion_id in rows.iterator():
        if conversation_id != current_conversation:
            current_conversation, waiting_since = conversation_id, None
        if sender_id == companion_id:
            if waiting_since is not None:
                result[companion_id].append((created_at - waiting_since).total_seconds())
                waiting_since = None
        elif waiting_since is None:
            waiting_since = created_at
    return result


def median_minutes(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) / 60, 1) if seconds else None


def conversation_metadata() -> QuerySet[Conversation]:
    """Conversations with counts and activity for managers; no message contents."""
    return (
        Conversation.objects.select_related("profile__user", "companion")
        .annotate(open=Exists(_current_assignment()))
        .order_by("-last_message_at", "-pk")
    )


def companion_workload(*, scope: Scope | None = None) -> list[User]:
    """Every companion with current mentees, messages sent, median first reply and last activity.

    With ``scope`` (``incubator.scope``): only the companions working in that area, and every figure
    counts only their pairs whose entrepreneur lives in it (not their pairs elsewhere).
    Two queries whatever the number of companions: the people with their counts, then the reply times.
    """
    scope = scope or Scope(national=True)
    in_area = scope.profile_q
    mentees = (
        CompanionAssignment.objects.filter(
            in_area("profile__"), companion=OuterRef("pk"), ended_at__isnull=True
        )
        .order_by()
        .values("companion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sent = (
        Message.objects.filter(in_area("conversation__profile__"), sender=OuterRef("pk"))
        .order_by()
        .values("sender")
        .annotate(n=Count("pk"), last=Max("created_at"))
    )
    people = User.objects.filter(groups__name=roles.MENTOR)
    if not scope.national:
        people = people.filter(pk__in=MentorProfile.objects.filter(scope.companion_q()).values("user_id"))
    people = list(
        people.annotate(
            current_mentees=Coalesce(Subquery(mentees, output_field=IntegerField()), 0),
            messages_sent=Coalesce(Subquery(sent.values("n"), output_field=IntegerField()), 0),
            last_activity=Subquery(sent.values("last")),
        ).order_by("full_name", "pk")
    )
    conversations = None if scope.national else Conversation.objects.filter(in_area("profile__")).values("pk")
    replies = first_reply_times(conversation_ids=conversations)
    for person in people:
        person.median_first_reply_minutes = median_minutes(replies.get(person.pk, []))
    return people


def quiet_pairs(*, days: int = QUIET_DAYS) -> QuerySet[CompanionAssignment]:
    """Current pairs whose conversation has had no message for ``days`` days (or never one)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    last = Conversation.objects.filter(
        profile_id=OuterRef("profile_id"), companion_id=OuterRef("companion_id")
    ).values("last_message_at")
    return (
        CompanionAssignment.objects.current()
        .annotate(last_chat_at=Subquery(last))
        .filter(Q(last_chat_at__lt=cutoff) | Q(last_chat_at__isnull=True))
        .select_related("profile__user", "companion")
        .order_by("last_chat_at", "pk")
    )


# -- field visits --------------------------------------------------------------------------------

VISITED_WINDOW_DAYS = 30
METRIC_MONTHS = 6


class Access:
    """How a person stands towards one entrepreneur's records (see ``profile_access``)."""

    OWNER = "owner"  # the entrepreneur: summaries, never internal notes
    COMPANION = "companion"  # currently assigned
    MANAGER = "manager"  # a program manager whose area holds the entrepreneur
    FORMER = "former"  # assigned once: the history up to their leaving, without internal notes


def profile_access(profile: EntrepreneurProfile, *, user: User) -> str | None:
    """``Access`` of ``user`` to ``profile``'s visits and timeline, or None (show a 404)."""
    from incubator.scope import scope_for

    if not user.is_authenticated:
        return None
    if profile.user_id == user.pk:
        return Access.OWNER
    ended = list(
        CompanionAssignment.objects.filter(profile=profile, companion=user).values_list("ended_at", flat=True)
    )
    if any(end is None for end in ended):
        return Access.COMPANION
    if roles.is_manager(user) and scope_for(user).contains_profile(profile):
        return Access.MANAGER
    return Access.FORMER if ended else None


def former_until(profile: EntrepreneurProfile, *, user: User) -> datetime.datetime | None:
    """When a former companion's (last) assignment to ``profile`` ended: what the family did after
    that is no longer theirs to read. None when there is no ended assignment."""
    return (
        CompanionAssignment.objects.filter(profile=profile, companion_id=user.pk, ended_at__isnull=False)
        .aggregate(until=Max("ended_at"))
        .get("until")
    )


def former_sees_visit(visit: FieldVisit, *, user: User, until: datetime.datetime | None) -> bool:
    """A former companion reads the visits they wrote and those from before they left: dated no
    later than the day their assignment ended and logged before it ended."""
    if visit.companion_id == user.pk:
        return True
    return until is not None and visit.date <= timezone.localdate(until) and visit.created_at <= until


def sees_internal_notes(
    access: str | None, *, visit: FieldVisit | None = None, user: User | None = None
) -> bool:
    """Current companions and managers in the area; a former companion only on visits they wrote."""
    if access in (Access.COMPANION, Access.MANAGER):
        return True
    return (
        access == Access.FORMER and visit is not None and user is not None and visit.companion_id == user.pk
    )


def get_visit_for(*, user: User, pk: int) -> tuple[FieldVisit, str]:
    """The visit and the viewer's ``Access`` if they may see it; Http404 otherwise."""
    visit = (
        FieldVisit.objects.select_related("profile__user", "companion")
        .prefetch_related("photos", "action_items", "revisions__edited_by")
        .filter(pk=pk)
        .first()
    )
    access = profile_access(visit.profile, user=user) if visit is not None else None
    if access is None:
        raise Http404
    if access == Access.FORMER and not former_sees_visit(
        visit, user=user, until=former_until(visit.profile, user=user)
    ):
        raise Http404
    return visit, access


def visits_by(*, user: User) -> QuerySet[FieldVisit]:
    """The visits a companion logged, newest first, with photo and open follow-up counts."""
    photos = (
        SessionPhoto.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_items = (
        ActionItem.objects.filter(session_id=OuterRef("pk"), done_at__isnull=True)
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        FieldVisit.objects.filter(companion_id=user.pk)
        .select_related("profile__user")
        .annotate(
            photo_count=Coalesce(Subquery(photos, output_field=IntegerField()), 0),
            open_follow_ups=Coalesce(Subquery(open_items, output_field=IntegerField()), 0),
        )
        .order_by("-date", "-pk")
    )


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def visit_metrics(
    profiles: QuerySet[EntrepreneurProfile],
    *,
    today: datetime.date,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict:
    """Field-visit figures for the program report, over ``profiles`` (already narrowed to the
    manager's scope by the caller). Two queries, whatever the number of visits or companions.

    ``per_companion_month``: visits per companion per calendar month, from ``start`` to ``end``
    (default: the six months ending with ``today``'s month), as rows ordered by companion then
    month; months without visits are absent. ``visited_last_30_days``: of ``profiles``, how many
    had a visit dated in the 30 days ending ``today`` (``percentage`` None when there are none).
    """
    end = end or today
    start = start or _add_months(_month_start(end), 1 - METRIC_MONTHS)
    start = _month_start(start)
    rows = (
        FieldVisit.objects.filter(profile__in=profiles, date__gte=start, date__lte=end)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("companion_id", "companion__full_name", "companion__email", "month")
        .annotate(visits=Count("pk"))
        .order_by("companion__full_name", "companion_id", "month")
    )
    window_start = today - datetime.timedelta(days=VISITED_WINDOW_DAYS - 1)
    recent = FieldVisit.objects.filter(profile_id=OuterRef("pk"), date__gte=window_start, date__lte=today)
    share = profiles.order_by().aggregate(
        denominator=Count("pk", distinct=True),
        numerator=Count("pk", distinct=True, filter=Q(Exists(recent))),
    )
    numerator, denominator = share["numerator"], share["denominator"]
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = _add_months(month, 1)
    return {
        "start": start,
        "end": end,
        "months": months,
        "per_companion_month": [
            {
                "companion_id": row["companion_id"],
                "companion": row["companion__full_name"] or row["companion__email"],
                "month": row["month"],
                "visits": row["visits"],
            }
            for row in rows
        ],
        "visited_last_30_days": {
            "numerator": numerator,
            "denominator": denominator,
            "percentage": round(100 * numerator / denominator, 1) if denominator else None,
        },
    }


# ---------------------------------------------------------------- the next visit or session


def next_contacts(profile: EntrepreneurProfile) -> QuerySet[PlannedContact]:
    """The family's planned visits and sessions from today on, soonest first."""
    return PlannedContact.objects.filter(profile=profile, date__gte=timezone.localdate()).select_related(
        "companion"
    )


def contacts_on(day: datetime.date) -> QuerySet[PlannedContact]:
    """Every planned visit or session on ``day`` (the reminder asks for tomorrow's), one query."""
    return PlannedContact.objects.filter(date=day).select_related("profile", "profile__user", "companion")


def contacts_tomorrow() -> QuerySet[PlannedContact]:
    return contacts_on(timezone.localdate() + datetime.timedelta(days=1))


def content_reads(conversation, *, limit: int = 5) -> list:
    """The latest times a program manager read this conversation's contents (1 query), newest first.

    Shown to the pair as system lines; who read it is kept in the log for the program, not shown.
    """
    from mentoring.models import ContentAccessLog

    return list(
        ContentAccessLog.objects.filter(conversation=conversation).values_list("viewed_at", flat=True)[:limit]
    )
