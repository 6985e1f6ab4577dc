"""``manage.py check_counters [--fix]``: the stored progress counters against a fresh count."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from incubator import services
from incubator.models import EntrepreneurProfile
from incubator.selectors import progress_drift

SHOWN = 20


class Command(BaseCommand):
    help = (
        "Compare every entrepreneur's stored progress counters (required milestones, verified, "
        "waiting for review) with a fresh count and list the families that differ. With --fix, "
        "recount every family. Exits with status 1 when drift was found and not fixed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fix", action="store_true", help="Recount every family's counters.")

    def handle(self, *args, fix: bool, **options) -> None:
        drift = progress_drift(EntrepreneurProfile.objects.all())
        for item in drift[:SHOWN]:
            fields = ", ".join(
                f"{name} {stored} → {fresh}" for name, (stored, fresh) in item["fields"].items()
            )
            self.stdout.write(f"profile {item['pk']}: {fields}")
        if len(drift) > SHOWN:
            self.stdout.write(f"… and {len(drift) - SHOWN} more")
        if not drift:
            self.stdout.write("Progress counters: no drift.")
            return
        if not fix:
            raise CommandError(f"Progress counters: {len(drift)} families differ from a fresh count (--fix).")
        recounted = services.recount_all_progress()
        left = len(progress_drift(EntrepreneurProfile.objects.all()))
        self.stdout.write(
            f"Progress counters: {len(drift)} families differed; {recounted} recounted, {left} left."
        )
        if left:
            raise CommandError(f"Progress counters: {left} families still differ after the recount.")
