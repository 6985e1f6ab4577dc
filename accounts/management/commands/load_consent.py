"""Load the versions of the consent text from accounts/data/consent.yaml (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.consent_data import ConsentDataError, load_consent_texts

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "consent.yaml"


class Command(BaseCommand):
    help = "Load the consent texts (accounts/data/consent.yaml). A version already loaded is left as it is."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            created = load_consent_texts(file)
        except ConsentDataError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Consent texts: {created} new.")
