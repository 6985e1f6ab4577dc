"""Background tasks (Django's Tasks API through ``django_tasks``). Backend-neutral: plain
arguments, no backend imports; the backend is the ``TASKS`` setting (docs/tasks.md).

Enqueue after commit (``enqueue_later``), so a worker never looks for rows not yet committed.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_for_user(user_id: int) -> int:
    """Plan and send one person's off-page messages that are due now."""
    from notifications import services

    return services.deliver_for_user(user_id)


@task()
def deliver_for_users(user_ids: list[int]) -> int:
    """``deliver_for_user`` for several people: one task row for a batch of inbox items (the chat
    writer's), not one per person. One person's failure is logged and never stops the others."""
    from notifications import services

    sent = 0
    for user_id in user_ids:
        try:
            sent += services.deliver_for_user(user_id)
        except Exception:
            logger.exception("delivery failed for user %s", user_id)
    return sent


@task()
def send_for_user(user_id: int, channel: str) -> int:
    """Send one person's due deliveries on one channel (a deferred SMS, a retry)."""
    from notifications import services

    return services.send_due(user_id, channel)


@task()
def sweep_deliveries() -> int:
    """Every minute (notifications/schedule.py): anything past the delay or due for a retry."""
    from notifications import services

    return services.sweep()


@task()
def prune_old_records() -> int:
    """Every night: finished task results older than a week, scheduler claims older than a month."""
    from notifications.models import ScheduledRun

    now = timezone.now()
    removed = ScheduledRun.objects.filter(claimed_at__lt=now - datetime.timedelta(days=30)).delete()[0]
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend keeps its own history
        return removed
    return (
        removed
        + DBTaskResult.objects.finished().filter(finished_at__lt=now - datetime.timedelta(days=7)).delete()[0]
    )


@task()
def escalate_unconfirmed_assistance() -> int:
    """Every morning: a BSiMU delivery the family has not confirmed in 14 days becomes a complaint."""
    from complaints.services import escalate_unconfirmed_assistance as escalate

    return escalate(timezone.now())


@task()
def remind_content_reviewers() -> int:
    """Every morning: content reviewers hear of lessons due for review, by e-mail once per lesson per
    month (``cms.reviews``) and in their inbox once a day while any is due (``reminders.lessons_due``)."""
    from cms.reviews import lessons_due_for_review
    from cms.reviews import remind_content_reviewers as remind
    from notifications import reminders

    now = timezone.now()
    today = timezone.localdate(now)
    lessons = remind(today)
    # The inbox does not wait for the e-mail: every content reviewer (with an address or not) hears
    # of the lessons due, once a day while any is due.
    due = [item.lesson for item in lessons_due_for_review(today)]
    reminders.send(reminders.lessons_due(due, now=now), now=now)
    return len(lessons)


@task()
def daily_reminders() -> int:
    """Every morning (07:00 WIB): monthly figures due, reviews and promotions waiting, pairs
    without contact (notifications/reminders.py)."""
    from notifications import reminders

    return reminders.run(
        ["figures_due", "review_waiting", "promotion_waiting", "no_contact"], now=timezone.now()
    )


@task()
def complaint_reminders() -> int:
    """Every hour: complaints at 80 % of their target time, and overdue ones."""
    from notifications import reminders

    return reminders.run(["complaint_target"], now=timezone.now())


@task()
def visit_reminders() -> int:
    """Every afternoon (15:00 WIB): visits scheduled for tomorrow."""
    from notifications import reminders

    return reminders.run(["visit_tomorrow"], now=timezone.now())


def enqueue_at(the_task, when: datetime.datetime | None, *args) -> None:
    """Enqueue ``the_task(*args)`` now, to run at ``when``. A backend that cannot defer gets nothing:
    the scheduler's sweep runs it when due. Never raises into the caller (the sweep is the net)."""
    try:
        deferred = the_task
        if when is not None and when > timezone.now():
            if not the_task.get_backend().supports_defer:
                return
            deferred = the_task.using(run_after=when)
        deferred.enqueue(*args)
    except Exception:
        logger.warning("could not enqueue %s", the_task.name, exc_info=True)


def enqueue_later(the_task, when: datetime.datetime | None, *args) -> None:
    """``enqueue_at`` after commit, so a worker never looks for rows not yet committed."""
    transaction.on_commit(lambda: enqueue_at(the_task, when, *args))
