"""Length limits on free text (docs/limits.md).

State only: a text column's max_length and validators are checked by forms and ``full_clean``,
not by the database, so no table is rebuilt and older, longer values stay as they were.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mentoring', '0003_field_visit_client_key'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='fieldvisit',
                    name='internal_notes',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='internal notes'),
                ),
                migrations.AlterField(
                    model_name='mentoringsession',
                    name='notes',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='notes'),
                ),
                migrations.AlterField(
                    model_name='message',
                    name='body',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='message'),
                ),
            ],
        ),
    ]
