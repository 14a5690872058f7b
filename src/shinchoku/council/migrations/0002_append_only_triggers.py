"""The database refuses to change or delete a response: each is a version."""

from django.db import migrations

from shinchoku.appendonly import triggers


class Migration(migrations.Migration):
    dependencies = [("council", "0001_initial")]

    operations = [triggers("council_response")]
