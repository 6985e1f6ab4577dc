"""Reminders on a schedule (issue 13): each rule is a plain function of ``now`` that returns the
reminders due, and ``send`` turns them into inbox items once.

- Idempotent: a reminder has a key (rule, person, subject, period) kept in ``ReminderSent`` with a
  unique constraint; a second run (or a second scheduler) finds the key and sends nothing.
- Off-page like any item: the items are plain ``Notification`` rows, so the scheduler's
  ``deliver-notifications`` sweep sends them after the same delay, as one digest, outside quiet
  hours (docs/notifications.md).
- Constant queries: every rule reads its candidates, the pairs and the managers in a fixed number
  of queries whatever the number of families (``tests/notifications/test_reminders.py`` pins it).

"The area's managers" of a family are the managers whose area is its province or its regency; a
family whose area has no manager falls to the national managers (``incubator.scope`` semantics:
a national scope contains everyone, but a national manager is asked only when nobody nearer is).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils.translation import override

from notifications.models import Notification, ReminderSent

logger = logging.getLogger(__name__)

JAKARTA = ZoneInfo("Asia/Jakarta")
REVIEW_MENTOR_AFTER = datetime.timedelta(days=3)
REVIEW_MANAGER_AFTER = datetime.timedelta(days=7)
PROMOTION_AFTER = datetime.timedelta(days=5)
NO_CONTACT_DAYS = 14
SECOND_FIGURES_REMINDER_DAY = 5
COMPLAINT_WARNING_SHARE = 0.8


@dataclass(frozen=True)
class Reminder:
    rule: str
    person_id: int
    subject: str
    period: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    url: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.rule, self.person_id, self.subject, self.period)


def _url(name: str, *args: Any) -> str:
    try:
        with override(None):
            return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# -- sending, once ------------------------------------------------------------------------------


def send(reminders: Iterable[Reminder], *, now: datetime.datetime) -> int:
    """Store each reminder not sent before as an inbox item; return how many were new.

    One transaction, a fixed number of queries. When another run inserted some keys meanwhile, the
    unique constraint refuses ours, the whole batch rolls back and is tried once more without them.
    """
    wanted = {reminder.key: reminder for reminder in reminders}
    for _attempt in range(2):
        try:
            return _send(wanted, now=now)
        except IntegrityError:
            logger.info("reminders raced with another run; trying again without the keys it took")
    return 0


@transaction.atomic
def _send(wanted: dict[tuple, Reminder], *, now: datetime.datetime) -> int:
    if not wanted:
        return 0
    rules = {key[0] for key in wanted}
    subjects = {key[2] for key in wanted}
    existing = set(
        ReminderSent.objects.filter(rule__in=rules, subject__in=subjects).values_list(
            "rule", "person_id", "subject", "period"
        )
    )
    new = [reminder for key, reminder in sorted(wanted.items()) if key not in existing]
    if not new:
        return 0
    items = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=reminder.person_id,
                kind=reminder.kind,
                params=reminder.params,
                url=reminder.url[:300],
                created_at=now,
            )
            for reminder in new
        ]
    )
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(
                rule=reminder.rule,
                person_id=reminder.person_id,
                subject=reminder.subject,
                period=reminder.period,
                notification_id=item.pk,
                created_at=now,
            )
            for reminder, item in zip(new, items, strict=True)
        ]
    )
    return len(new)


# -- who: companions and managers, in one query each ----------------------------------------------


def _companions(profile_ids: Iterable[int], *, role: str | None = None) -> dict[int, list[int]]:
    """Current companions (user ids) of each profile; only ``role`` when given."""
    from incubator.models import CompanionAssignment

    qs = CompanionAssignment.objects.current().filter(
        profile_id__in=list(profile_ids), companion__is_active=True
    )
    if role:
        qs = qs.filter(role=role)
    found: dict[int, list[int]] = defaultdict(list)
    for profile_id, companion_id in qs.order_by("role").values_list("profile_id", "companion_id"):
        found[profile_id].append(companion_id)
    return found


class Managers:
    """The active managers and their areas, read once; ``for_regions`` answers per family."""

    def __init__(self, user_ids: set[int] | None = None):
        from incubator.models import ManagerScope

        qs = ManagerScope.objects.filter(user__is_active=True)
        if user_ids is not None:
            qs = qs.filter(user_id__in=user_ids)
        self.by_region: dict[int | None, list[int]] = defaultdict(list)
        for user_id, region_id in qs.order_by("user_id").values_list("user_id", "region_id"):
            self.by_region[region_id].append(user_id)

    def for_regions(self, region_ids: Iterable[int | None]) -> list[int]:
        """Managers whose area is one of ``region_ids`` (a family's province, regency…); the
        national managers when there is none."""
        near = sorted({user for region in region_ids if region for user in self.by_region.get(region, [])})
        return near or list(self.by_region.get(None, []))


# -- the rules ------------------------------------------------------------------------------------


def _local(now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(JAKARTA)


def monthly_figures_due(now: datetime.datetime) -> list[Reminder]:
    """From the 1st, last month's figures are due: the entrepreneur and their companions are told;
    again from the 5th if the figures are still missing. Families enrolled after that month, and
    graduated ones, are not asked."""
    from incubator.models import WORKING_TIERS, EntrepreneurProfile

    today = _local(now).date()
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    round_ = "second" if today.day >= SECOND_FIGURES_REMINDER_DAY else "first"
    period = f"{month:%Y-%m}:{round_}"
    profiles = list(
        EntrepreneurProfile.objects.filter(
            user__is_active=True, tier__in=WORKING_TIERS, enrolled_on__lt=today.replace(day=1)
        )
        .exclude(reports__month=month)
        .values_list("pk", "user_id", "business_name")
    )
    companions = _companions(pk for pk, _user, _name in profiles)
    reminders = []
    for pk, user_id, business in profiles:
        subject = f"profile:{pk}"
        params = {"month": month.isoformat(), "business": business}
        reminders.append(
            Reminder(
                "figures_due",
                user_id,
                subject,
                period,
                "reminder_figures_due",
                params,
                _url("incubator:reports"),
            )
        )
        for companion_id in companions.get(pk, []):
            reminders.append(
                Reminder(
                    "figures_due",
                    companion_id,
                    subject,
                    period,
                    "reminder_figures_due_companion",
                    params,
                    _url("incubator:mentee_reports", pk),
                )
            )
    return reminders


def reviews_waiting(now: datetime.datetime) -> list[Reminder]:
    """Evidence or figures waiting for review more than 3 days → the business mentor; more than
    7 days → the mentor again and the area's managers."""
    from incubator.models import AWAITING_REVIEW, CompanionRole, Milestone, MonthlyReport

    waiting: list[tuple] = []
    for pk, submitted_at, version, profile_id, title, business, province, regency in Milestone.objects.filter(
        status__in=AWAITING_REVIEW, submitted_at__lte=now - REVIEW_MENTOR_AFTER
    ).values_list(
        "pk",
        "submitted_at",
        "version",
        "profile_id",
        "template__title",
        "profile__business_name",
        "profile__province_id",
        "profile__regency_id",
    ):
        waiting.append(
            (
                f"milestone:{pk}:{version}",
                profile_id,
                submitted_at,
                {"business": business, "title": title},
                "reminder_evidence_waiting",
                _url("incubator:review_milestone", pk),
                (province, regency),
            )
        )
    for pk, created_at, month, profile_id, business, province, regency in MonthlyReport.objects.filter(
        verified_at__isnull=True, created_at__lte=now - REVIEW_MENTOR_AFTER
    ).values_list(
        "pk",
        "created_at",
        "month",
        "profile_id",
        "profile__business_name",
        "profile__province_id",
        "profile__regency_id",
    ):
        waiting.append(
            (
                f"report:{pk}",
                profile_id,
                created_at,
                {"business": business, "month": month.isoformat()},
                "reminder_figures_waiting",
                _url("incubator:mentee_reports", profile_id),
                (province, regency),
            )
        )
    if not waiting:
        return []
    mentors = _companions({row[1] for row in waiting}, role=CompanionRole.MENTOR)
    managers = Managers()
    reminders = []
    for subject, profile_id, since, params, kind, url, regions in waiting:
        late = since <= now - REVIEW_MANAGER_AFTER
        period = "7d" if late else "3d"
        params = {**params, "days": (now - since).days}
        for mentor_id in mentors.get(profile_id, []):
            reminders.append(Reminder("review_waiting", mentor_id, subject, period, kind, params, url))
        if late:
            for manager_id in managers.for_regions(regions):
                reminders.append(Reminder("review_waiting", manager_id, subject, period, kind, params, ""))
    return reminders


def promotions_waiting(now: datetime.datetime) -> list[Reminder]:
    """A promotion recommended more than 5 days ago and still undecided → the area's managers."""
    from incubator.models import PromotionRequest

    rows = list(
        PromotionRequest.objects.filter(
            status=PromotionRequest.Status.PENDING, created_at__lte=now - PROMOTION_AFTER
        ).values_list(
            "pk",
            "created_at",
            "to_tier",
            "profile__business_name",
            "profile__province_id",
            "profile__regency_id",
        )
    )
    if not rows:
        return []
    managers = Managers()
    url = _url("workspace_promotions:index")
    return [
        Reminder(
            "promotion_waiting",
            manager_id,
            f"promotion:{pk}",
            "5d",
            "reminder_promotion_waiting",
            {"business": business, "tier": to_tier, "days": (now - created_at).days},
            url,
        )
        for pk, created_at, to_tier, business, province, regency in rows
        for manager_id in managers.for_regions((province, regency))
    ]


def complaint_targets(now: datetime.datetime) -> list[Reminder]:
    """An open complaint at 80 % of its target time, and again once overdue → its handler and the
    managers who handle complaints in its region (harassment: only those allowed to see it)."""
    from accounts.models import User
    from complaints.models import OPEN_STATUSES, Category, Complaint

    rows = list(
        Complaint.objects.filter(status__in=OPEN_STATUSES)
        .select_related("region__parent__parent")
        .only(
            "pk",
            "number",
            "category",
            "handler_id",
            "created_at",
            "due_at",
            "region__id",
            "region__parent__id",
            "region__parent__parent__id",
        )
    )
    due = []
    for complaint in rows:
        warn_at = complaint.created_at + (complaint.due_at - complaint.created_at) * COMPLAINT_WARNING_SHARE
        if complaint.due_at <= now:
            due.append((complaint, "overdue", "reminder_complaint_overdue"))
        elif warn_at <= now:
            due.append((complaint, "80", "reminder_complaint_due_soon"))
    if not due:
        return []
    backend = "django.contrib.auth.backends.ModelBackend"
    handlers = set(
        User.objects.with_perm("complaints.change_complaint", backend=backend).values_list("pk", flat=True)
    )
    harassment = set(
        User.objects.with_perm("complaints.handle_harassment", backend=backend).values_list("pk", flat=True)
    )
    managers = Managers(handlers)
    reminders = []
    for complaint, period, kind in due:
        region, ancestors = complaint.region, []
        while region is not None and len(ancestors) < 3:
            ancestors.append(region.pk)
            region = region.parent
        people = set(managers.for_regions(ancestors))
        if complaint.handler_id:
            people.add(complaint.handler_id)
        if complaint.category == Category.HARASSMENT:
            people &= harassment
        params = {"number": complaint.number, "due": complaint.due_at.astimezone(JAKARTA).date().isoformat()}
        url = _url("complaints_admin:detail", complaint.pk)
        for person in sorted(people):
            reminders.append(
                Reminder("complaint_target", person, f"complaint:{complaint.pk}", period, kind, params, url)
            )
    return reminders


def pairs_without_contact(now: datetime.datetime) -> list[Reminder]:
    """A companion and their family without any contact (a chat message either way, a session or
    a visit) for 14 days → the companion. Once per 14 silent days."""
    from incubator.models import CompanionAssignment
    from mentoring.models import Conversation, MentoringSession

    today = _local(now).date()
    since = now - datetime.timedelta(days=NO_CONTACT_DAYS)
    pair_messages = Conversation.objects.filter(
        profile_id=OuterRef("profile_id"), companion_id=OuterRef("companion_id")
    )
    pair_sessions = MentoringSession.objects.filter(
        profile_id=OuterRef("profile_id"), companion_id=OuterRef("companion_id")
    )
    rows = (
        CompanionAssignment.objects.current()
        .filter(started_at__lte=since, companion__is_active=True, profile__user__is_active=True)
        .exclude(Exists(pair_messages.filter(last_message_at__gt=since)))
        .exclude(Exists(pair_sessions.filter(date__gt=today - datetime.timedelta(days=NO_CONTACT_DAYS))))
        .annotate(
            last_message=pair_messages.values("profile_id")
            .annotate(m=Max("last_message_at"))
            .values("m")[:1],
            last_session=pair_sessions.values("profile_id").annotate(m=Max("date")).values("m")[:1],
        )
        .values_list(
            "profile_id",
            "companion_id",
            "started_at",
            "last_message",
            "last_session",
            "profile__business_name",
        )
    )
    reminders = []
    for profile_id, companion_id, started_at, last_message, last_session, business in rows:
        dates = [_local(started_at).date()]
        if last_message:
            dates.append(_local(_aware(last_message)).date())
        if last_session:
            dates.append(
                last_session
                if isinstance(last_session, datetime.date)
                else datetime.date.fromisoformat(str(last_session))
            )
        last = max(dates)
        silent = (today - last).days
        reminders.append(
            Reminder(
                "no_contact",
                companion_id,
                f"pair:{profile_id}:{companion_id}",
                f"{last.isoformat()}:{silent // NO_CONTACT_DAYS}",
                "reminder_no_contact",
                {"business": business, "days": silent},
                _url("incubator:mentee_detail", profile_id),
            )
        )
    return reminders


def _aware(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    parsed = datetime.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def scheduled_visits_on(day: datetime.date):
    """The visits and sessions companions planned for ``day`` (``mentoring.PlannedContact``, the
    mentee page's "next visit or session"), of families still active: ``(planned id, profile id,
    companion id, family user id, business, companion name)`` rows, one query."""
    from mentoring.selectors import contacts_on

    return (
        contacts_on(day)
        .filter(profile__user__is_active=True)
        .values_list(
            "pk",
            "profile_id",
            "companion_id",
            "profile__user_id",
            "profile__business_name",
            "companion__full_name",
        )
    )


def visits_tomorrow(now: datetime.datetime) -> list[Reminder]:
    """A visit scheduled for tomorrow → the companion and the family."""
    tomorrow = _local(now).date() + datetime.timedelta(days=1)
    reminders = []
    for visit_id, profile_id, companion_id, family_id, business, companion in scheduled_visits_on(tomorrow):
        subject, period = f"planned:{visit_id}", tomorrow.isoformat()
        params = {"business": business, "companion": companion, "date": tomorrow.isoformat()}
        reminders.append(
            Reminder(
                "visit_tomorrow",
                companion_id,
                subject,
                period,
                "reminder_visit_companion",
                params,
                _url("incubator:mentee_detail", profile_id),
            )
        )
        reminders.append(
            Reminder(
                "visit_tomorrow",
                family_id,
                subject,
                period,
                "reminder_visit_family",
                params,
                _url("mentoring:timeline"),
            )
        )
    return reminders


def lessons_due(lessons: Iterable[Any], *, now: datetime.datetime) -> list[Reminder]:
    """Lessons just found due for a fact review (``cms.reviews.remind_content_reviewers``) → an inbox
    item for every active content reviewer, linking to the admin list of lessons due; at most one a
    day (the e-mail names each lesson once a month)."""
    from django.contrib.auth import get_user_model

    from cms.permissions import CONTENT_REVIEWER

    count = len(list(lessons))
    if not count:
        return []
    reviewers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CONTENT_REVIEWER)
        .distinct()
        .values_list("pk", flat=True)
    )
    day = _local(now).date().isoformat()
    url = _url("learning_review:due")
    return [
        Reminder("lessons_due", person_id, "lessons", day, "reminder_lessons_due", {"count": count}, url)
        for person_id in reviewers
    ]


RULES: dict[str, Callable[[datetime.datetime], list[Reminder]]] = {
    "figures_due": monthly_figures_due,
    "review_waiting": reviews_waiting,
    "promotion_waiting": promotions_waiting,
    "complaint_target": complaint_targets,
    "no_contact": pairs_without_contact,
    "visit_tomorrow": visits_tomorrow,
}


def run(names: Iterable[str], *, now: datetime.datetime) -> int:
    """Run the named rules and send what they find; a failing rule is logged, the others run."""
    sent = 0
    for name in names:
        try:
            sent += send(RULES[name](now), now=now)
        except Exception:
            logger.exception("reminder rule %s failed", name)
    return sent
