"""Print a new VAPID key pair for web push (set them as VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from notifications.push import generate_vapid_keys


class Command(BaseCommand):
    help = "Print a new VAPID key pair for web push, as environment variables."

    def handle(self, *args, **options):
        public, private = generate_vapid_keys()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={private}")
        self.stdout.write("VAPID_SUBJECT=mailto:you@example.org")
