"""A new SQLite store is created from the snapshot of the migrated schema, which must match
what the migrations build (cli.snapshot)."""

from __future__ import annotations

import datetime
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from shinchoku.cli import snapshot

REGENERATE = "the migrations changed: run `python -m shinchoku.cli.snapshot` and commit it"


def _schema(rows) -> set[tuple[str, str, str]]:
    return {(kind, name, sql) for kind, name, sql in rows if not name.startswith("sqlite_")}


def test_the_snapshot_is_made_from_the_migrations_on_disk():
    assert snapshot._current() is not None, REGENERATE


@pytest.mark.django_db
def test_the_snapshot_has_the_migrated_schema_and_rows(tmp_path):
    """The test database was built by the migrations: same tables, indexes, triggers and the
    same migrations, content types and permissions recorded."""
    if connection.vendor != "sqlite":
        pytest.skip("the snapshot is for SQLite stores")
    fresh = sqlite3.connect(tmp_path / "fresh.sqlite3")
    fresh.executescript(snapshot._current() or "")
    query = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
    rows = {
        "django_migrations": "SELECT app, name FROM django_migrations",
        "django_content_type": "SELECT app_label, model FROM django_content_type",
        "auth_permission": "SELECT codename, name FROM auth_permission",
    }
    with connection.cursor() as cursor:
        cursor.execute(query)
        migrated = _schema(cursor.fetchall())
        recorded = {}
        for table, select in rows.items():
            cursor.execute(select)
            recorded[table] = set(cursor.fetchall())
    assert _schema(fresh.execute(query)) == migrated, REGENERATE
    assert len(migrated) > 150  # tables, indexes and the append-only triggers
    assert {r for r in migrated if r[0] == "trigger"}  # observations stay append-only
    for table, select in rows.items():
        assert set(fresh.execute(select)) == recorded[table], table


def test_a_new_store_opens_from_the_snapshot(tmp_path):
    """``open_store`` on a new SQLite file: no migration runs, every one is recorded, the
    built-in plan is loaded, and the append-only triggers refuse a change."""
    code = (
        "import sys; from shinchoku.cli import store, snapshot;"
        "called = [];"
        "store._migrate = lambda: called.append(1);"
        f"row = store.open_store('sqlite:///{tmp_path / 'new.sqlite3'}');"
        "print(row.slug if hasattr(row, 'slug') else row.pk, store._all_applied(), called)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[1:] == ["True", "[]"]
    db = sqlite3.connect(tmp_path / "new.sqlite3")
    assert db.execute("SELECT count(*) FROM observations_observation").fetchone()[0] > 0
    applied = {a[:4] for (a,) in db.execute("SELECT applied FROM django_migrations")}
    assert applied == {str(datetime.datetime.now(datetime.UTC).year)}  # when it was created
    with pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE observations_observation SET value = 0")
