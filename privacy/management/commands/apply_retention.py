"""Erase chat messages, photos and visit notes of families past the retention period (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from privacy.retention import retention_months
from privacy.services import apply_retention


class Command(BaseCommand):
    help = "Erase chat, photos and visit notes older than TUMBUH_RETENTION_MONTHS after a family left."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options) -> None:
        rows = apply_retention(dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for row in rows:
            self.stdout.write(
                f"profile {row['profile']} ({row['name']}): {verb} {row['messages']} messages, "
                f"{row['photos']} photos, {row['notes']} notes"
            )
        self.stdout.write(f"{len(rows)} families past {retention_months()} months; {verb} as listed.")
