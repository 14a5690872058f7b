"""Versions of places, courses and signs (KeptVersion), append-only; the history the audit
log holds so far is replayed into them once, so the pages keep showing it."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from shinchoku.appendonly import triggers


def replay_audit_log(apps, schema_editor):
    """One version per audited save or change of 掲載, each with every field known after
    it: a value first seen as an entry's "before" is what the row held since the start."""
    entry_model = apps.get_model("audit", "AuditEntry")
    version = apps.get_model("registries", "KeptVersion")
    for kind, key in (("place", "pk"), ("course", "slug"), ("sign", "pk")):
        model = apps.get_model("registries", kind.capitalize())
        rows: dict[str, object] = {}
        snapshots: dict[str, list[tuple[dict, object]]] = {}
        actions = [f"registries.{kind}.save", f"registries.{kind}.listed"]
        for e in entry_model.objects.filter(action__in=actions).order_by("id"):
            if e.target not in rows:
                rows[e.target] = model.objects.filter(
                    **{key: e.target.removeprefix(f"{kind} ")}
                ).first()
            if rows[e.target] is None:
                continue
            before = e.before if isinstance(e.before, dict) else {}
            after = e.after if isinstance(e.after, dict) else {}
            kept = snapshots.setdefault(e.target, [])
            known = dict(kept[-1][0]) if kept else {}
            for field, value in before.items():
                if field not in known:  # unchanged since the start: true of every earlier one
                    for earlier, _entry in kept:
                        earlier[field] = value
            kept.append(({**before, **known, **after}, e))
        for target, kept in snapshots.items():
            for fields, e in kept:
                version.objects.create(
                    **{kind: rows[target]}, fields=fields, actor=e.actor, at=e.at
                )


class Migration(migrations.Migration):

    dependencies = [
        ('registries', '0005_application_state_machine'),
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='KeptVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('fields', models.JSONField()),
                ('actor', models.CharField(max_length=150)),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('course', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='registries.course')),
                ('place', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='registries.place')),
                ('sign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='registries.sign')),
            ],
            options={
                'ordering': ['at', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('course__isnull', True), ('place__isnull', False), ('sign__isnull', True)), models.Q(('course__isnull', False), ('place__isnull', True), ('sign__isnull', True)), models.Q(('course__isnull', True), ('place__isnull', True), ('sign__isnull', False)), _connector='OR'), name='kept_version_is_of_one_record')],
            },
        ),
        triggers("registries_keptversion"),
        migrations.RunPython(replay_audit_log, migrations.RunPython.noop),
    ]
