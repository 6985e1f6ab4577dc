"""Reads: a person's inbox and unread count, and the delivery failures a manager may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from notifications.models import Delivery, Notification, Preference


def unread_count(*, user) -> int:
    """One COUNT on the partial "unread" index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def bell_counts(*, user, path: str) -> tuple[int, int]:
    """The unread count, and how many of those items point to ``path`` and are not seen yet: one
    aggregate on the partial "unread" index, so a page with nothing new to mark costs one query."""
    counts = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        unread=Count("pk"), unseen_here=Count("pk", filter=Q(url=path, seen_at__isnull=True))
    )
    return counts["unread"], counts["unseen_here"]


def inbox(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def get_notification_for(*, user, pk: int) -> Notification:
    """The item if it is this person's; Http404 otherwise (never reveal that it exists)."""
    found = Notification.objects.filter(recipient=user, pk=pk).first()
    if found is None:
        raise Http404
    return found


def preference_for(*, user) -> Preference:
    """The person's channel choices; everything on until they choose (not stored until then)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def recipients_q(scope, prefix: str = "notification__recipient__") -> Q:
    """People in a manager's area: entrepreneurs living there and companions working there."""
    if scope.national:
        return Q()
    from incubator.models import EntrepreneurProfile, MentorProfile

    profiles = EntrepreneurProfile.objects.filter(scope.profile_q()).values("user_id")
    companions = MentorProfile.objects.filter(scope.companion_q()).values("user_id")
    return Q(**{f"{prefix}pk__in": profiles}) | Q(**{f"{prefix}pk__in": companions})


def delivery_problems_for(*, user) -> QuerySet[Delivery]:
    """Failed deliveries, and queued ones that already failed once, of people in the manager's area."""
    from incubator.scope import scope_for

    scope = scope_for(user)
    if scope.empty:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(recipients_q(scope))
        .filter(Q(status=Delivery.Status.FAILED) | Q(status=Delivery.Status.QUEUED, attempts__gt=0))
        .select_related("notification__recipient")
        .order_by("-updated_at", "-pk")
    )
