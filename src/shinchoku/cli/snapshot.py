"""A new SQLite store from a snapshot of the migrated schema instead of ~60 migrations.

Migrating an empty SQLite file costs about 2 s of CPU (Django renders the model state for
each migration), which is a third of a first ``shinchoku report``. ``sqlite_schema.sql`` is
the dump of a freshly migrated, empty database (tables, indexes, append-only triggers, the
rows ``migrate`` writes: django_migrations, content types, permissions). It is used only for
an empty SQLite database and only while its fingerprint matches the migration files on
disk; otherwise the store migrates as before, so a stale snapshot is slower, never wrong.

Regenerate after adding a migration (a test fails until then)::

    python -m shinchoku.cli.snapshot
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("sqlite_schema.sql")
HEADER = "-- shinchoku: empty migrated SQLite store; migrations "
# django_migrations.applied in the dump: set to the moment the store is created, so the file
# changes only when the migrations do.
APPLIED = "'@APPLIED@'"
RECORDED = re.compile(
    r"""^(INSERT INTO "django_migrations" VALUES\(\d+,'[^']*','[^']*',)'[^']*'\);$"""
)


def fingerprint() -> str:
    """A digest of every installed app's migration files (names and contents)."""
    from django.apps import apps

    digest = hashlib.sha256()
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        folder = Path(app.path) / "migrations"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{app.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _current() -> str | None:
    """The snapshot's SQL if it was made from the migrations on disk, else None."""
    try:
        text = SNAPSHOT.read_text(encoding="utf-8")
    except OSError:
        return None
    first, _, body = text.partition("\n")
    return body if first == HEADER + fingerprint() else None


def restore() -> bool:
    """Create the schema of an empty SQLite database from the snapshot; False when the
    database is not SQLite, not empty, or the snapshot is stale (then: migrate)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master")
        if cursor.fetchone()[0]:
            return False
    body = _current()
    if body is None:
        return False
    connection.ensure_connection()
    db = connection.connection
    # The dump creates tables in name order, so a row may come before the table it refers
    # to: foreign keys are checked once everything is in.
    db.execute("PRAGMA foreign_keys = OFF")
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    try:
        db.executescript(body.replace(APPLIED, f"'{now}'"))  # one transaction (BEGIN … COMMIT)
    except sqlite3.Error:
        if db.in_transaction:  # nothing of it stays: the migrations build the store instead
            db.execute("ROLLBACK")
        return False
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    return not db.execute("PRAGMA foreign_key_check").fetchall()


def dump(path: Path) -> str:
    """The SQL that recreates the SQLite database at ``path``."""
    with sqlite3.connect(path) as db:
        lines = [RECORDED.sub(rf"\g<1>{APPLIED});", line) for line in db.iterdump()]
    return "\n".join(lines) + "\n"


def write() -> Path:
    """Migrate a new SQLite file the ordinary way and save its dump as the snapshot."""
    from django.core.management import call_command

    from .store import setup_django

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fresh.sqlite3"
        setup_django(f"sqlite:///{path}")
        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
        from django.db import connection

        connection.close()
        SNAPSHOT.write_text(HEADER + fingerprint() + "\n" + dump(path), encoding="utf-8")
    return SNAPSHOT


if __name__ == "__main__":
    print(write(), file=sys.stderr)
