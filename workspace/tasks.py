"""Background work of the back office (django-tasks; the backend is the ``TASKS`` setting).

Backend-neutral: plain arguments (a job id), no backend imports; the job row carries the rest.
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(job_id: int) -> int:
    """Import the rows of one queued ``BackgroundJob`` (workspace.importing.run_import)."""
    from workspace import importing

    job = importing.run_import(job_id)
    return job.processed if job else 0


@task()
def run_export(job_id: int) -> int:
    """Write the file of one queued export ``BackgroundJob`` (workspace.exporting.run_export)."""
    from workspace import exporting

    job = exporting.run_export(job_id)
    return job.processed if job else 0
