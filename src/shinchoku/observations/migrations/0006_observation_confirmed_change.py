"""Observations record the large change their recorder confirmed (refs #10)."""

from django.db import migrations, models

from shinchoku.appendonly import triggers

TABLE = "observations_observation"


def sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds the table to add a NOT NULL column, and the rebuild drops its triggers."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for action in ("update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only_{action};")
    triggers(TABLE).code(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0005_import_jobs"),
    ]

    operations = [
        # Reversed last: the triggers are back once the column is removed again.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers, elidable=False),
        migrations.AddField(
            model_name="observation",
            name="confirmed_change",
            field=models.CharField(blank=True, max_length=300, verbose_name="confirmed change"),
        ),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop, elidable=False),
    ]
