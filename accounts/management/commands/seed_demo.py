"""``manage.py seed_demo``: a believable, living program to explore. Safe to run again.

The reference data and the curriculum come from their files through ``load_program`` and
``load_curriculum`` (the commands a real deployment runs); the demo modules add only people and
their activity.
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import demo, roles
from accounts.models import User
from accounts.templatetags.people import format_phone

# Each app with a ``demo`` module adds its part, in this order.
APPS = ("incubator", "mentoring", "cms", "complaints")
MAX_SCALE = 5000


class Command(BaseCommand):
    help = "Create the demo program (sign-ins, participants, content). Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never on a real deployment)."
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=f"Also build a program of N families (1 to {MAX_SCALE}) for charts and benchmarks.",
        )

    def handle(self, *args, force: bool = False, scale: int = 0, **options) -> None:
        if scale and not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale takes a number of families from 1 to {MAX_SCALE}.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a public password: it refuses to run when DEBUG is off. "
                "Use --force only on a throwaway deployment."
            )
        roles.sync_groups()
        with transaction.atomic():
            call_command("load_program", stdout=self.stdout)
            call_command("load_curriculum", stdout=self.stdout)
            people = demo.seed()
            for app in APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(people=people, stdout=self.stdout)
                if scale and hasattr(module, "seed_scale"):
                    module.seed_scale(scale, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo ready. Sign in with any of these (password: tumbuh-demo):")
        )
        for email, full_name, role, _phone in demo.PEOPLE:
            self.stdout.write(f"  {email:<26} {full_name:<18} {roles.ROLE_LABELS[role]}")
        companion = User.objects.filter(email=demo.ASSISTED_COMPANION).first()
        if companion is not None:  # the TKSK comes from incubator.demo
            self.stdout.write(f"  {companion.email:<26} {companion.full_name:<18} TKSK")
        self.stdout.write(
            f"  {demo.ASSISTED_NAME} has no password: /accounts/login/code/ with "
            f"{format_phone(demo.ASSISTED_PHONE)}, the code shows in the server's output"
        )
