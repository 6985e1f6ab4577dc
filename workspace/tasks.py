"""Background work of the back office (django-tasks; the backend is the ``TASKS`` setting).

Backend-neutral: plain arguments (a job id), no backend imports; the job row carries the rest.
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(job_id: int) -> int:
    """Import the rows of one queued ``BackgroundJob`` (workspace.importing.run_import)."""
    from workspace import importing

    return importing.run_import(job_id).processed
