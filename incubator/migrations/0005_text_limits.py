"""Length limits on free text (docs/limits.md).

State only: a text column's max_length and validators are checked by forms and ``full_clean``,
not by the database, so no table is rebuilt and older, longer values stay as they were.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incubator', '0004_report_history_backfill'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='assistance',
                    name='description',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='assistanceevent',
                    name='note',
                    field=models.TextField(blank=True, max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)]),
                ),
                migrations.AlterField(
                    model_name='cohort',
                    name='description',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='description'),
                ),
                migrations.AlterField(
                    model_name='entrepreneurprofile',
                    name='business_description',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='about the business'),
                ),
                migrations.AlterField(
                    model_name='mentorprofile',
                    name='expertise',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='expertise'),
                ),
                migrations.AlterField(
                    model_name='milestone',
                    name='evidence_text',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='explanation'),
                ),
                migrations.AlterField(
                    model_name='milestone',
                    name='review_comment',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='latest feedback'),
                ),
                migrations.AlterField(
                    model_name='milestoneevent',
                    name='comment',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)]),
                ),
                migrations.AlterField(
                    model_name='milestonetemplate',
                    name='description',
                    field=models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='what to do (Indonesian)'),
                ),
                migrations.AlterField(
                    model_name='milestonetemplate',
                    name='description_en',
                    field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000)], verbose_name='what to do (English)'),
                ),
                migrations.AlterField(
                    model_name='monthlyreport',
                    name='notes',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='notes'),
                ),
                migrations.AlterField(
                    model_name='monthlyreportevent',
                    name='note',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)]),
                ),
                migrations.AlterField(
                    model_name='promotionrequest',
                    name='decision_reason',
                    field=models.TextField(blank=True, max_length=1000, validators=[django.core.validators.MaxLengthValidator(1000)], verbose_name='reason'),
                ),
                migrations.AlterField(
                    model_name='promotionrequest',
                    name='note',
                    field=models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name="mentor's note"),
                ),
            ],
        ),
    ]
