from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage, private_upload_to


class DataExport(models.Model):
    """One download of everything Tumbuh holds about a person: a zip built in the background,
    stored privately and offered to its owner only, until ``expires_at``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("user"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=private_storage, upload_to=private_upload_to, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.requested_at:%Y-%m-%d %H:%M}"


class DeletionRequest(models.Model):
    """A person asks for their data to be deleted; a manager of their area decides.

    Approving anonymises what the law requires to keep and erases the rest (``privacy.retention``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved: data deleted or anonymised")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deletion_requests",
        verbose_name=_("person"),
    )
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True, max_length=1000)
    summary = models.JSONField(_("what was done"), default=dict, blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_deletion_request"
            )
        ]

    def __str__(self) -> str:
        return _("Deletion request #%(id)s") % {"id": self.pk}


class PrivacyEvent(models.Model):
    """History: every exercise of a right and every retention run, with who and when."""

    class Kind(models.TextChoices):
        EXPORT_REQUESTED = "export", _("Download requested")
        DELETION_REQUESTED = "deletion_requested", _("Deletion requested")
        DELETION_APPROVED = "deletion_approved", _("Deletion approved")
        DELETION_REFUSED = "deletion_refused", _("Deletion refused")
        RETENTION = "retention", _("Retention period applied")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_events", null=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.created_at:%Y-%m-%d}"
