"""Reads of the complaint flow: each fetches and checks permission in one step."""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from complaints import permissions
from complaints.models import OPEN_STATUSES, Category, Complaint, ComplaintEvent, Status
from incubator.models import CompanionAssignment
from incubator.selectors import is_current_companion
from mentoring.models import Message


def _base() -> QuerySet[Complaint]:
    return Complaint.objects.select_related("region", "raised_by", "handler", "profile", "assignee")


def complaints_raised_by(*, user: User) -> QuerySet[Complaint]:
    """The person's own complaints, newest first (a fixed number of queries)."""
    return (
        Complaint.objects.filter(raised_by_id=user.pk).select_related("region").order_by("-created_at", "-pk")
    )


def complaints_for_handler(*, user: User) -> QuerySet[Complaint]:
    """Every complaint this user handles (area + harassment permission); nothing for anyone else.

    Use it as the base of every manager list, count, export and report.
    """
    return _base().filter(permissions.handler_q(user))


def with_overdue(qs: QuerySet[Complaint], *, now: datetime.datetime) -> QuerySet[Complaint]:
    """Annotate ``overdue``: still open (new, assigned, in progress) and past its target date."""
    return qs.annotate(
        overdue=Case(
            When(status__in=OPEN_STATUSES, due_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def handler_queue(
    *, user: User, now: datetime.datetime, status: str = "", category: str = ""
) -> QuerySet[Complaint]:
    """The handler's queue: open complaints by default; overdue ones first, then the oldest."""
    qs = with_status(complaints_for_handler(user=user), status)
    if category in Category.values:
        qs = qs.filter(category=category)
    return with_overdue(qs, now=now).order_by("-overdue", "created_at", "pk")


def with_status(qs: QuerySet[Complaint], status: str) -> QuerySet[Complaint]:
    """The queue's status filter: one status, ``"all"``, or (blank or anything else) the open ones."""
    if status in Status.values:
        return qs.filter(status=status)
    if status == "all":
        return qs
    return qs.filter(status__in=OPEN_STATUSES)


def queue_counts(*, user: User, now: datetime.datetime) -> dict[str, int]:
    """Open and overdue complaints of the handler, in one query."""
    return complaints_for_handler(user=user).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
    )


def get_complaint_for(*, user: User, pk: int) -> Complaint:
    """The complaint if the user raised it, handles it or was handed it (a companion); Http404
    otherwise (never reveal it exists)."""
    complaint = _base().filter(pk=pk).first()
    if complaint is None or not user.is_authenticated:
        raise Http404
    if complaint.raised_by_id == user.pk or permissions.can_handle(user, complaint):
        return complaint
    # The companion it was handed to, while they still accompany the family.
    if (
        complaint.assignee_id == user.pk
        and complaint.profile is not None
        and is_current_companion(complaint.profile, user=user)
    ):
        return complaint
    raise Http404


def get_complaint_for_handler(*, user: User, pk: int) -> Complaint:
    complaint = _base().filter(pk=pk).first()
    if complaint is None or not permissions.can_handle(user, complaint):
        raise Http404
    return complaint


def companions_to_hand_to(complaint: Complaint) -> QuerySet[CompanionAssignment]:
    """The current companions of the family an open complaint is about (``services.hand_complaint``);
    none for a harassment complaint or one about no family."""
    if (
        complaint.profile_id is None
        or complaint.status not in OPEN_STATUSES
        or complaint.category == Category.HARASSMENT
    ):
        return CompanionAssignment.objects.none()
    return (
        CompanionAssignment.objects.current()
        .filter(profile_id=complaint.profile_id)
        .select_related("companion")
        .order_by("role", "pk")
    )


def history(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("actor", "handler", "assignee").order_by("created_at", "pk")


def get_event_photo_for(*, user: User, pk: int, event_id: int) -> ComplaintEvent:
    complaint = get_complaint_for(user=user, pk=pk)
    event = complaint.events.filter(pk=event_id).exclude(photo="").first()
    if event is None:
        raise Http404
    return event


def get_received_message_for(*, user: User, pk: int) -> Message:
    """A chat message someone sent to ``user`` in one of their conversations; Http404 otherwise."""
    message = (
        Message.objects.select_related("conversation__profile__user", "conversation__companion", "sender")
        .filter(pk=pk)
        .first()
    )
    if (
        message is None
        or not user.is_authenticated
        or user.pk not in message.conversation.participant_ids()
        or message.sender_id == user.pk
    ):
        raise Http404
    return message


# -- metrics for the program report ----------------------------------------------------------------


def complaint_metrics(complaints: QuerySet[Complaint], *, now: datetime.datetime) -> dict[str, Any]:
    """Figures for the program report over ``complaints`` (pass an already scoped queryset).

    Two queries whatever the number of complaints::

        {
          "total": int,
          "by_category": {category value: int, ...},   # every category, zeros included
          "by_status": {status value: int, ...},       # every status, zeros included
          "open": int, "overdue": int,                 # open = new/assigned/in progress
          "resolved": int,                             # with a resolution now (resolved, referred or closed after one)
          "median_resolution_hours": float | None,     # created → resolved/referred, None without any
          "resolved_within_target": int,
          "share_resolved_within_target": float | None,  # 0..1 of ``resolved``; None without any
        }
    """
    qs = complaints.order_by()
    counts = qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=now)),
        **{f"category_{c}": Count("pk", filter=Q(category=c)) for c in Category.values},
        **{f"status_{s}": Count("pk", filter=Q(status=s)) for s in Status.values},
    )
    spans = list(qs.filter(resolved_at__isnull=False).values_list("created_at", "resolved_at", "due_at"))
    hours = [(resolved - created).total_seconds() / 3600 for created, resolved, _due in spans]
    within = sum(1 for _created, resolved, due in spans if resolved <= due)
    return {
        "total": counts["total"],
        "by_category": {c: counts[f"category_{c}"] for c in Category.values},
        "by_status": {s: counts[f"status_{s}"] for s in Status.values},
        "open": counts["open"],
        "overdue": counts["overdue"],
        "resolved": len(spans),
        "median_resolution_hours": round(statistics.median(hours), 1) if hours else None,
        "resolved_within_target": within,
        "share_resolved_within_target": round(within / len(spans), 4) if spans else None,
    }


def is_overdue(complaint: Complaint, *, now: datetime.datetime | None = None) -> bool:
    return complaint.status in OPEN_STATUSES and complaint.due_at < (now or timezone.now())
