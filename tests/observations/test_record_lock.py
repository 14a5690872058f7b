"""On SQLite an import checks its rows before it takes the write lock, and checks them again
under the lock only if another writer wrote meanwhile (services.record)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import shinchoku

SRC = str(Path(shinchoku.__file__).resolve().parents[1])

SCRIPT = r"""
import datetime, json, sys
from shinchoku.cli.store import open_store
row = open_store(sys.argv[1])
from django.db import connection
from shinchoku.accounts.permissions import SYSTEM
from shinchoku.core import model as core
from shinchoku.observations import services
from shinchoku.observations.models import Observation

def value(v, note):
    from decimal import Decimal
    v = Decimal(v)
    return core.Observation(indicator="tourist-visits", year=2024, value=v, source="確報",
                            published_on=datetime.date(2025, 1, 10), note=note)

calls = []
real = services._check
def spy(*args):
    calls.append(connection.in_atomic_block)
    found = real(*args)
    if sys.argv[2] == "meanwhile" and len(calls) == 1:  # another writer, between check and lock
        services.record(row, [value(560, "")], "entry", actor=SYSTEM)
    return found
services._check = spy
run = services.record(row, [value(560, ""), value(561, "x")], "csv", "f.csv", actor=SYSTEM)
stored = sorted(float(v) for v in Observation.objects.filter(
    indicator__code="tourist-visits", year=2024).values_list("value", flat=True))
print(json.dumps({"calls": calls, "added": run.added, "unchanged": run.unchanged,
                  "stored": stored}))
"""


def _run(tmp_path: Path, case: str) -> dict:
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env |= {"PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "shinchoku.settings"}
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    out = subprocess.run([sys.executable, "-c", SCRIPT, url, case], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.own_sqlite  # a process of its own on its own SQLite file
def test_the_checks_run_before_the_write_lock(tmp_path):
    found = _run(tmp_path, "alone")
    assert found["calls"] == [False]  # once, outside the transaction: the lock is held briefly
    assert (found["added"], found["unchanged"], found["stored"]) == (2, 0, [560.0, 561.0])


@pytest.mark.own_sqlite
def test_a_write_meanwhile_makes_the_import_check_again_under_the_lock(tmp_path):
    found = _run(tmp_path, "meanwhile")
    # This import's check, the other writer's own check (before its own lock), then, since
    # the other writer stored 560 meanwhile, this import's check again under the lock.
    assert found["calls"] == [False, False, True]
    assert (found["added"], found["unchanged"]) == (1, 1)  # 560 is not stored twice
    assert found["stored"] == [560.0, 561.0]
