from django.db import migrations, models
from django.db.models import F


def past_promotions_were_celebrated(apps, schema_editor):
    # Promotions decided before the celebration page existed are not celebrated again on deploy.
    TierChange = apps.get_model("incubator", "TierChange")
    TierChange.objects.filter(celebrated_at__isnull=True).update(celebrated_at=F("changed_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0007_intake"),
    ]

    operations = [
        migrations.AddField(
            model_name="tierchange",
            name="celebrated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="celebration seen"),
        ),
        migrations.RunPython(past_promotions_were_celebrated, migrations.RunPython.noop),
    ]
