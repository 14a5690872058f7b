"""Observations record the large change their recorder confirmed (refs #10)."""

from django.db import migrations, models

from shinchoku.appendonly import sqlite_retrigger

TABLE = "observations_observation"

BEFORE, AFTER = sqlite_retrigger(TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0005_import_jobs"),
    ]

    operations = [
        # Reversed last: the triggers are back once the column is removed again.
        BEFORE,
        migrations.AddField(
            model_name="observation",
            name="confirmed_change",
            field=models.CharField(blank=True, max_length=300, verbose_name="confirmed change"),
        ),
        AFTER,
    ]
