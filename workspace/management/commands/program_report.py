"""``manage.py program_report [--cohort NAME|ID] [--region NAME|ID] [--format text|json]``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from incubator.models import Cohort, Region
from workspace.program_report import program_report
from workspace.reporting import report_rows


def _find(model, value: str, label: str):
    query = Q(name__iexact=value)
    if value.isdigit():
        query |= Q(pk=int(value))
    found = list(model.objects.filter(query)[:2])
    if len(found) != 1:
        raise CommandError(f"{label} {value!r}: {'not found' if not found else 'ambiguous, use its id'}")
    return found[0]


class Command(BaseCommand):
    help = "Print the program's figures (participants, promotions, milestones, assistance, revenue)."

    def add_arguments(self, parser):
        parser.add_argument("--cohort", help="cohort name or id")
        parser.add_argument("--region", help="region (province, regency or district) name or id")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, cohort=None, region=None, format="text", **options):
        report = program_report(
            cohort=_find(Cohort, cohort, "Cohort") if cohort else None,
            region=_find(Region, region, "Region") if region else None,
        )
        if format == "json":
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        rows = report_rows(report)
        widths = [max(len(str(row[key])) for row in rows) for key in ("section", "label")]
        section = None
        for row in rows:
            title = row["section"] if row["section"] != section else ""
            section = row["section"]
            self.stdout.write(f"{title:<{widths[0]}}  {row['label']:<{widths[1]}}  {row['value']}")
