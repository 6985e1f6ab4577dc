"""Length limits on free text (docs/limits.md).

State only: a text column's max_length and validators are checked by forms and ``full_clean``,
not by the database, so no table is rebuilt and older, longer values stay as they were.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0003_complaint_client_key'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='complaint',
                    name='description',
                    field=models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='complaintevent',
                    name='note',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='note'),
                ),
            ],
        ),
    ]
