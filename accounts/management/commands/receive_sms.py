"""``manage.py receive_sms --from 0812… --text YA``: feed one inbound SMS in by hand.

For the console and file backends (development, tests, a demo without a gateway): the same path a
gateway's ``POST /sms/inbound/`` takes.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from accounts.sms import receive_sms


class Command(BaseCommand):
    help = "Hand one inbound SMS to Tumbuh as if the gateway had received it."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--from", dest="sender", required=True, help="The sender's number (0812… or +62…)."
        )
        parser.add_argument("--text", required=True, help="The message, e.g. YA or TIDAK.")

    def handle(self, *args, sender: str, text: str, **options) -> None:
        handled = receive_sms(sender, text)
        self.stdout.write("handled" if handled else "not handled (unknown number, text or nothing waiting)")
