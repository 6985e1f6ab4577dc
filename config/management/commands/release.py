"""``manage.py release``: the one-off step of a deploy, run once per release and never by a worker.

It migrates the database, collects static files and loads the reference data (program and
curriculum, when those commands exist in this version). Every step is idempotent: running the
release twice changes nothing the second time. Translations need no step: the compiled ``.mo``
catalogues are committed.
"""

from __future__ import annotations

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# Reference-data loaders, run in this order when the installed apps provide them.
OPTIONAL_LOADERS = ("load_program", "load_curriculum")


class Command(BaseCommand):
    help = "Release step: migrate, collectstatic and load reference data (idempotent; not for workers)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--skip-static", action="store_true", help="do not run collectstatic (e.g. built into the image)"
        )

    def handle(self, *args, skip_static: bool = False, **options) -> None:
        verbosity = options.get("verbosity", 1)
        streams = {"stdout": self.stdout._out, "stderr": self.stderr._out}
        self._step("migrate")
        call_command("migrate", interactive=False, verbosity=verbosity, **streams)
        if skip_static:
            self._step("collectstatic skipped (--skip-static)")
        else:
            self._step("collectstatic")
            call_command("collectstatic", interactive=False, verbosity=max(0, verbosity - 1), **streams)
        available = get_commands()
        for name in OPTIONAL_LOADERS:
            if name in available:
                self._step(name)
                call_command(name, verbosity=verbosity, **streams)
            else:
                self._step(f"{name} not in this version; skipped")
        self.stdout.write(self.style.SUCCESS("release: done"))

    def _step(self, text: str) -> None:
        self.stdout.write(f"release: {text}")
