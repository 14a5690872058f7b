"""Positions, project numbers and publication counts as integers: a smallint stopped a plan
at 32,767 indicators on PostgreSQL (refs #16)."""

from django.db import migrations, models

from shinchoku.appendonly import sqlite_retrigger

TABLE = "plan_publication"

BEFORE, AFTER = sqlite_retrigger(TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0007_indicator_range"),
    ]

    operations = [
        # Reversed last: the triggers are back once the columns are smallints again.
        BEFORE,
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
        AFTER,
    ]
