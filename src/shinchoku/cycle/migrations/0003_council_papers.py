"""Full 事務事業評価シート (成果, reason for the direction), measure reviews and the 総括 (refs #13)."""

import django.db.models.deletion
from django.db import migrations, models

from shinchoku.appendonly import sqlite_retrigger, triggers

TABLE = "cycle_selfevaluation"

BEFORE, AFTER = sqlite_retrigger(TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ('cycle', '0002_append_only_triggers'),
        ('plan', '0007_indicator_range'),
    ]

    operations = [
        # Reversed last: the triggers are back once the columns are removed again.
        BEFORE,
        migrations.AddField(
            model_name='selfevaluation',
            name='direction_reason',
            field=models.TextField(blank=True, verbose_name='方向性の理由'),
        ),
        migrations.AddField(
            model_name='selfevaluation',
            name='results',
            field=models.TextField(blank=True, verbose_name='成果'),
        ),
        migrations.CreateModel(
            name='MeasureReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('measure', models.CharField(max_length=16, verbose_name='施策の柱')),
                ('year', models.PositiveSmallIntegerField(verbose_name='fiscal year')),
                ('evaluation', models.TextField(blank=True, verbose_name='評価')),
                ('issues', models.TextField(blank=True, verbose_name='課題')),
                ('direction', models.TextField(blank=True, verbose_name='方向性')),
                ('written_by', models.CharField(max_length=150)),
                ('written_at', models.DateTimeField(auto_now_add=True)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='measure_reviews', to='plan.plan')),
            ],
            options={
                'verbose_name': '施策の柱の評価',
                'ordering': ['plan', 'year', 'measure', '-written_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Overview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='fiscal year')),
                ('text', models.TextField(blank=True, verbose_name='総括')),
                ('written_by', models.CharField(max_length=150)),
                ('written_at', models.DateTimeField(auto_now_add=True)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='overviews', to='plan.plan')),
            ],
            options={
                'verbose_name': '総括',
                'ordering': ['plan', 'year', '-written_at', '-id'],
            },
        ),
        AFTER,
        triggers("cycle_measurereview"),
        triggers("cycle_overview"),
    ]
