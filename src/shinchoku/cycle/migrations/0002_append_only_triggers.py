"""The database refuses to change or delete transitions, self-evaluations and output values."""

from django.db import migrations

from shinchoku.appendonly import triggers


class Migration(migrations.Migration):
    dependencies = [("cycle", "0001_initial")]

    operations = [
        triggers("cycle_transition"),
        triggers("cycle_selfevaluation"),
        triggers("cycle_outputvalue"),
    ]
