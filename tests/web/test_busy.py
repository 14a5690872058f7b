"""Two writers on one SQLite file: WAL, IMMEDIATE transactions, a busy timeout, a clear 503.

Runs against a real SQLite file (the test database is in memory, which cannot use WAL or
be locked from another connection): a child process opens the store in ``tmp_path`` and
drives the site with Django's test client while this process holds the write lock.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import shinchoku

SRC = str(Path(shinchoku.__file__).resolve().parents[1])
EXE = str(Path(sys.executable).parent / "shinchoku")

pytestmark = pytest.mark.own_sqlite  # processes of their own on their own SQLite files

SCRIPT = r"""
import json, os, sqlite3, sys, threading
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shinchoku.settings")
from shinchoku.cli.store import open_store
plan = open_store()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from shinchoku.accounts.permissions import SYSTEM
from shinchoku.accounts.services import add_user
from shinchoku.observations.models import Observation
from shinchoku.uploads import store as upload_store

out = {}
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode")
    out["journal_mode"] = c.fetchone()[0]
user = add_user("dept", "department", "a-long-test-password-2026", "sangyo-shinko", SYSTEM)
client = Client()
client.force_login(user)
rows = "indicator,year,value,source,published_on\ntourist-visits,2024,600,速報,2025-01-10\n"
r = client.post("/workspace/import/", {"file": SimpleUploadedFile("v.csv", rows.encode())})
token = client.session["upload"]
out["preview"] = r.status_code
before = Observation.objects.count()

holder = sqlite3.connect(sys.argv[1], isolation_level=None, check_same_thread=False)
holder.execute("BEGIN IMMEDIATE")  # another writer (a CLI import) holds the lock
r = client.post("/workspace/import/", {"confirm": "1"})
out["confirm"] = [r.status_code, r.get("Retry-After"), r.content.decode()]
out["upload_kept"] = upload_store.path(token) is not None and client.session.get("upload") == token
body = {"indicator": "tourist-visits", "year": "2025", "value": "610", "source": "速報"}
r = client.post("/api/observations", body, content_type="application/json")
out["api"] = [r.status_code, r.json()]
r = client.post("/workspace/indicators/tourist-visits/", {"year": "2025", "value": "610",
                                                          "source": "速報"})
out["form"] = r.status_code
holder.execute("ROLLBACK")
out["stored_while_busy"] = Observation.objects.count() - before

holder.execute("BEGIN IMMEDIATE")  # held briefly: the write waits for it, then goes through
threading.Timer(0.2, lambda: holder.execute("ROLLBACK")).start()
r = client.post("/workspace/import/", {"confirm": "1"})
out["confirm_after"] = [r.status_code, r.get("Location")]
out["upload_after"] = upload_store.path(token) is not None
out["stored_after"] = Observation.objects.count() - before
print(json.dumps(out, ensure_ascii=False))
"""


def _env(db: Path, timeout: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env | {
        "PYTHONPATH": SRC,
        "SHINCHOKU_DATABASE_URL": f"sqlite:///{db}",
        "SHINCHOKU_DB_TIMEOUT": timeout,
        "SHINCHOKU_LOG_LEVEL": "ERROR",
        "SHINCHOKU_ALLOWED_HOSTS": "testserver",
    }


@pytest.fixture(scope="module")
def busy_run(tmp_path_factory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("busy")
    db = home / "db.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db)],
        cwd=home,
        env=_env(db, "1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return db, json.loads(result.stdout.strip().splitlines()[-1])


def test_the_store_is_in_wal_mode(busy_run):
    db, out = busy_run
    assert out["journal_mode"] == "wal"
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_locked_database_answers_503_and_keeps_the_upload(busy_run):
    _, out = busy_run
    assert out["preview"] == 200
    status, retry, page = out["confirm"]
    assert status == 503 and retry == "5"
    assert "データベースが他の処理（取込みなど）で使用中です" in page
    assert "選んだファイルは保たれています" in page
    assert out["upload_kept"] is True
    assert out["api"] == [503, {"detail": out["api"][1]["detail"]}]
    assert "使用中" in out["api"][1]["detail"]
    assert out["form"] == 503
    assert out["stored_while_busy"] == 0  # nothing half-done


def test_a_short_lock_is_waited_for(busy_run):
    _, out = busy_run
    assert out["confirm_after"] == [302, "/workspace/"]
    assert out["upload_after"] is False and out["stored_after"] == 1


ADD = ["observe", "add", "--indicator", "tourist-visits", "--year", "2026", "--value", "620"]
ADD += ["--source", "速報"]


def test_the_cli_says_the_database_is_busy(busy_run):
    db, _ = busy_run
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = subprocess.run(
            [EXE, *ADD],
            cwd=db.parent,
            env=_env(db, "0.3"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.execute("ROLLBACK")
    assert result.returncode == 2
    assert "データベースが他の処理（取込みなど）で使用中です" in result.stderr
    assert "Traceback" not in result.stderr
