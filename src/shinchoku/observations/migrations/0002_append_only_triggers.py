"""The database itself refuses to change or delete a stored observation."""

from django.db import migrations

TABLE = "observations_observation"
MESSAGE = "observations are append-only; add a revision instead"

SQLITE = [
    f"CREATE TRIGGER observation_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER observation_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
POSTGRESQL = [
    "CREATE FUNCTION observation_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$;",
    f"CREATE TRIGGER observation_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION observation_append_only();",
]
UNDO = {
    "sqlite": ["DROP TRIGGER observation_no_update;", "DROP TRIGGER observation_no_delete;"],
    "postgresql": [
        f"DROP TRIGGER observation_append_only ON {TABLE};",
        "DROP FUNCTION observation_append_only();",
    ],
}


def _run(statements: dict) -> callable:
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}), _run(UNDO), elidable=False
        )
    ]
