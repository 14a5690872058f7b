"""Append-only tables: the ORM refuses changes and deletes, and so does the database."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

MESSAGE = "append-only; add a new record instead"


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete an append-only record."""


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused: history is never rewritten."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} is {MESSAGE}")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} is {MESSAGE}")


class AppendOnlyModel(models.Model):
    """A model whose rows are written once."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is {MESSAGE}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} is {MESSAGE}")


def triggers(table: str) -> migrations.RunPython:
    """A migration operation installing triggers that refuse UPDATE and DELETE on ``table``."""
    name = f"{table}_append_only"
    forward = {
        "sqlite": [
            f"CREATE TRIGGER {name}_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is {MESSAGE}'); END;",
            f"CREATE TRIGGER {name}_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is {MESSAGE}'); END;",
        ],
        "postgresql": [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{table} is {MESSAGE}'; END; $$;",
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}();",
        ],
    }
    backward = {
        "sqlite": [f"DROP TRIGGER {name}_update;", f"DROP TRIGGER {name}_delete;"],
        "postgresql": [f"DROP TRIGGER {name} ON {table};", f"DROP FUNCTION {name}();"],
    }

    def run(statements: dict[str, list[str]]) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            for sql in statements.get(schema_editor.connection.vendor, []):
                schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)


def sqlite_retrigger(table: str) -> tuple[migrations.RunPython, migrations.RunPython]:
    """Two operations to put around a schema change that makes SQLite rebuild ``table`` (a new
    NOT NULL column, a changed type): the rebuild drops its triggers, the second operation
    installs them again (and the first does so when the migration is reversed)."""

    def reinstall(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for action in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_{action};")
        triggers(table).code(apps, schema_editor)

    noop = migrations.RunPython.noop
    return (
        migrations.RunPython(noop, reinstall, elidable=False),
        migrations.RunPython(reinstall, noop, elidable=False),
    )
