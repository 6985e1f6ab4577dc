"""``manage.py escalate_unconfirmed_assistance``: run daily (the lead registers it in the schedule).

Every BSiMU delivery the family has not confirmed in 14 days becomes an "assistance not received"
complaint linked to the item.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from complaints.services import escalate_unconfirmed_assistance


class Command(BaseCommand):
    help = "Raise a complaint for every BSiMU delivery left unconfirmed for 14 days."

    def handle(self, *args, **options) -> None:
        count = escalate_unconfirmed_assistance()
        self.stdout.write(f"{count} unconfirmed deliveries escalated")
