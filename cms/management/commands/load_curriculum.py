"""``manage.py load_curriculum``: the home page and the starter curriculum from ``cms/curriculum/``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.curriculum import CURRICULUM_DIR, DataFileError
from cms.curriculum_loader import load_curriculum


class Command(BaseCommand):
    help = (
        "Publish the home page and the starter curriculum (Indonesian and English) from cms/curriculum/. "
        "Idempotent: re-run it after editing a file. Pages edited in the CMS are kept unless --overwrite; "
        "pages not in the files are never touched."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=CURRICULUM_DIR,
            dest="directory",
            help="Folder with home.yaml, index.yaml and courses/*.yaml.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also replace pages whose latest revision was saved by a person in the CMS.",
        )

    def handle(self, *args, directory: Path, overwrite: bool = False, **options) -> None:
        try:
            _index, summary = load_curriculum(directory, overwrite=overwrite)
        except DataFileError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Curriculum loaded: {summary}.")
