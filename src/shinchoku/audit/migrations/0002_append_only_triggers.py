"""The database itself refuses to change or delete an audit entry."""

from django.db import migrations

from shinchoku.appendonly import triggers


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [triggers("audit_auditentry")]
