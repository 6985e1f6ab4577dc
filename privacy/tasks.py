"""Background work of the privacy app (django-tasks; the backend is configured in settings)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_data_export(export_id: int) -> None:
    """Build one person's download (privacy.services.build_export)."""
    from privacy.services import build_export

    build_export(export_id)


@task()
def apply_retention() -> int:
    """Every night (02:00 WIB, notifications/schedule.py): erase what the retention rules say is due.

    Idempotent: a second run the same night finds nothing left to erase. Returns the families touched.
    """
    from privacy.services import apply_retention as apply

    return len(apply())
