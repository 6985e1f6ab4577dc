"""Background jobs of the back office: participant imports and large exports that run as tasks.

One table, one job page and one progress endpoint serve both kinds (``workspace/jobs.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage, private_upload_to


class BackgroundJob(TimeStampedModel):
    """A manager's import (or large export), run by the task worker; progress is written per chunk."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import of participants")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IMPORT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    # The manager's area when the job was started (empty: national); managers see jobs of their area.
    area = models.ForeignKey(
        "incubator.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=private_upload_to, blank=True)
    filename = models.CharField(_("file name"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    errors = models.JSONField(_("row errors"), default=list, blank=True)  # [[row, message], ...]
    failure = models.CharField(_("reason of failure"), max_length=300, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["area", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")), name="job_processed_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.filename})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0
