"""What every background job shares: claiming it once, writing its end, the language of its texts.

Imports (``workspace.importing``) and exports (``workspace.exporting``) run through these, so the
job page, its progress endpoint and its states mean the same for both.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from workspace.models import BackgroundJob


def claim_job(job_id: int, kind: str) -> BackgroundJob | None:
    """Move a queued job to running with one conditional UPDATE; None when it was already taken
    (a job enqueued twice runs once) or is not of ``kind``."""
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(pk=job_id, kind=kind, status=BackgroundJob.Status.QUEUED).update(
        status=BackgroundJob.Status.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        return None
    return BackgroundJob.objects.select_related("created_by").get(pk=job_id)


def finish_job(job: BackgroundJob, status: str, *, failure: str = "") -> None:
    now = timezone.now()
    job.status, job.failure, job.finished_at = status, failure[:300], now
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=status, failure=job.failure, finished_at=now, updated_at=now
    )


def job_language(user: User) -> str:
    """A job's texts (row errors, headings) are written in the language of the manager's admin
    (the site's default otherwise)."""
    profile = getattr(user, "wagtail_userprofile", None)
    preferred = profile.preferred_language if profile is not None else ""
    return preferred or settings.LANGUAGE_CODE
