"""The database itself refuses to change or delete a stored observation."""

from django.db import migrations

from shinchoku.appendonly import triggers


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]

    operations = [triggers("observations_observation")]
