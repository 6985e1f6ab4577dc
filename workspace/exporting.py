"""Large exports as background jobs: the entrepreneurs of a manager's area as CSV.

The listing's own export (``?export=csv``) builds the file inside the request; for a list with
more than ``BACKGROUND_EXPORT_ROWS`` families the listing offers this job instead. The worker writes
the file in chunks of ``CHUNK`` rows (keyset pagination: the queries do not grow with the area),
with the same columns, headings and formula-safe cells as the listing's export, into private storage;
the job page (the same as an import's) shows the progress and then the download.
"""

from __future__ import annotations

import csv
import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.csvsafe import BOM, neutralise_row
from incubator.scope import scope_for
from workspace import selectors
from workspace.importing import require_importer
from workspace.jobs import claim_job, finish_job, job_language
from workspace.models import BackgroundJob

logger = logging.getLogger(__name__)

BACKGROUND_EXPORT_ROWS = 2000  # above this, the entrepreneur listing offers the background export
CHUNK = 500


def start_entrepreneur_export(*, by: User) -> BackgroundJob:
    """Queue the export of the entrepreneurs of ``by``'s area; the task starts after commit."""
    from workspace.tasks import run_export

    require_importer(by)
    scope = scope_for(by)
    with transaction.atomic():
        job = BackgroundJob.objects.create(
            kind=BackgroundJob.Kind.EXPORT,
            created_by=by,
            area=None if scope.national else scope.region,
            filename="entrepreneurs.csv",
            total=selectors.entrepreneurs_for_listing().filter(scope.profile_q()).count(),
        )
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def run_export(job_id: int) -> BackgroundJob | None:
    """The task's work: write the CSV chunk by chunk, then store it with the job."""
    job = claim_job(job_id, BackgroundJob.Kind.EXPORT)
    if job is None:
        return None
    try:
        if job.created_by is None:
            finish_job(
                job,
                BackgroundJob.Status.FAILED,
                failure=_("The person who started this no longer has an account."),
            )
            return job
        with translation.override(job_language(job.created_by)):
            _write(job)
    except Exception:
        logger.exception("export job %s failed", job_id)
        finish_job(
            job, BackgroundJob.Status.FAILED, failure=_("The export stopped because of an internal error.")
        )
        raise
    finish_job(job, BackgroundJob.Status.DONE)
    return job


def _write(job: BackgroundJob) -> None:
    from workspace.viewsets import ENTREPRENEUR_EXPORT, EntrepreneurViewSet

    headings = EntrepreneurViewSet.export_headings
    scope = scope_for(job.created_by)
    rows = selectors.entrepreneurs_for_listing().filter(scope.profile_q()).order_by("pk")
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([str(headings[name]) for name in ENTREPRENEUR_EXPORT])
    last, total = 0, 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        for profile in chunk:
            writer.writerow(neutralise_row([_value(profile, name) for name in ENTREPRENEUR_EXPORT]))
        last, total = chunk[-1].pk, total + len(chunk)
        job.processed = total
        job.total = max(job.total, total)
        BackgroundJob.objects.filter(pk=job.pk).update(processed=job.processed, total=job.total)
    job.file.save("entrepreneurs.csv", ContentFile(out.getvalue().encode()), save=False)
    BackgroundJob.objects.filter(pk=job.pk).update(file=job.file.name, total=total, processed=total)
    job.total = total


def _value(profile, name: str):
    value = getattr(profile, name, "")
    if callable(value):
        value = value()
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else value
