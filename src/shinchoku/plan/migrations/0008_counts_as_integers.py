"""Positions, project numbers and publication counts as integers: a smallint stopped a plan
at 32,767 indicators on PostgreSQL (refs #16)."""

from django.db import migrations, models

from shinchoku.appendonly import triggers

TABLE = "plan_publication"


def sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds the table to change a column's type, and the rebuild drops its triggers."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for action in ("update", "delete"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only_{action};")
    triggers(TABLE).code(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0007_indicator_range"),
    ]

    operations = [
        # Reversed last: the triggers are back once the columns are smallints again.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers, elidable=False),
        migrations.AlterField(
            model_name="indicator",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="measure",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="policy",
            name="position",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="project",
            name="number",
            field=models.PositiveIntegerField(verbose_name="number"),
        ),
        migrations.AlterField(
            model_name="publication",
            name="missing",
            field=models.PositiveIntegerField(default=0, verbose_name="indicators without a value"),
        ),
        migrations.AlterField(
            model_name="publication",
            name="unapproved",
            field=models.PositiveIntegerField(default=0, verbose_name="items not approved"),
        ),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop, elidable=False),
    ]
