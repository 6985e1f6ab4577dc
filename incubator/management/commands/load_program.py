"""``manage.py load_program``: regions, UMK thresholds and milestone paths from ``incubator/data/``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incubator.program_data import DATA_DIR, DataFileError, load_program


class Command(BaseCommand):
    help = (
        "Load regions, graduation thresholds (UMK) and milestone paths from incubator/data/. "
        "Idempotent: re-run it after editing a file; nothing is deleted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with regions.yaml, umk.yaml, milestone_paths.yaml.",
        )

    def handle(self, *args, data_dir: Path, **options) -> None:
        try:
            summary = load_program(data_dir)
        except DataFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Program loaded: {summary}.")
