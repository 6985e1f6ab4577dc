"""Reports entered before their history existed get their "entered" row, dated when they were
entered, so "Entered for you" and the report history also cover them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    MonthlyReport = apps.get_model("incubator", "MonthlyReport")
    MonthlyReportEvent = apps.get_model("incubator", "MonthlyReportEvent")
    reports = MonthlyReport.objects.filter(events__isnull=True).select_related("profile")
    MonthlyReportEvent.objects.bulk_create(
        [
            MonthlyReportEvent(
                report=report,
                action="entered",
                actor_id=report.entered_by_id,
                on_behalf_of_id=(
                    report.profile.user_id
                    if report.entered_by_id and report.entered_by_id != report.profile.user_id
                    else None
                ),
            )
            for report in reports.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )
    MonthlyReportEvent.objects.filter(action="entered").update(
        created_at=Subquery(MonthlyReport.objects.filter(pk=OuterRef("report_id")).values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0003_assisted_use"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
