"""The inbox (``Notification``), the off-page delivery log (``Delivery``), people's channel choices
(``Preference``) and the scheduler's once-per-period record (``ScheduledRun``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Web push")


class Notification(models.Model):
    """One thing a person should know about. Stores a ``kind`` and its ``params``; the text is
    rendered in the reader's language when shown (``notifications.kinds``)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("details"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # Items with the same key collapse into one while unread (e.g. "conversation:42").
    collapse_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When the off-page channels took it over (or decided nothing goes out): planned once.
    offpage_planned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(
                fields=["created_at"],
                condition=Q(offpage_planned_at__isnull=True),
                name="notification_to_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Preference(models.Model):
    """Which off-page channels a person accepts (security messages go out whatever they chose)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    sms = models.BooleanField(_("SMS"), default=True)
    email = models.BooleanField(_("E-mail"), default=True)
    push = models.BooleanField(_("Web push"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"


class Delivery(models.Model):
    """One item on one channel: queued → sent, or failed after the last attempt. Items sent together
    (a digest) share a ``batch``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not needed (seen in the app)")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    batch = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_item_and_channel"
            )
        ]
        indexes = [
            models.Index(
                fields=["channel", "next_attempt_at"], condition=Q(status="queued"), name="delivery_due"
            ),
            models.Index(fields=["status", "-updated_at"], name="delivery_status"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.status} for {self.notification_id}"


class ScheduledRun(models.Model):
    """A scheduled job's period that a scheduler claimed: the unique key makes it run once even
    when several schedulers tick at the same time (the loser gets an IntegrityError)."""

    job = models.CharField(max_length=100)
    period_start = models.DateTimeField()
    claimed_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period_start"], name="one_run_per_job_period")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"


class ReminderSent(models.Model):
    """A reminder that went to one person about one subject for one period. The unique key makes a
    reminder rule idempotent: run twice (two schedulers, a retried task), it sends once."""

    rule = models.CharField(max_length=50)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=100)
    period = models.CharField(max_length=50)
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "person", "subject", "period"],
                name="one_reminder_per_rule_person_subject_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.subject} {self.period} → {self.person_id}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (the endpoint of its vendor's push service and the keys
    that encrypt what we send). Expired when the push service answers 404 or 410."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        indexes = [models.Index(fields=["user"], condition=Q(expired_at__isnull=True), name="push_live")]

    def __str__(self) -> str:
        return f"push {self.user_id} {self.endpoint[:40]}"
