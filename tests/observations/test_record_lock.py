"""On SQLite an import checks its rows before it takes the write lock, and checks them again
under the lock only if another writer wrote meanwhile (services.record): a value, or
anything the checks read, such as an admin's edit of an indicator or a user's new role made
by another process."""

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
import datetime, json, subprocess, sys
from shinchoku.cli.store import open_store
row = open_store(sys.argv[1])
from django.db import connection
from shinchoku.accounts.permissions import SYSTEM
from shinchoku.core import model as core
from shinchoku.observations import checks, services
from shinchoku.observations.models import Observation

def value(v, note):
    from decimal import Decimal
    v = Decimal(v)
    return core.Observation(indicator="tourist-visits", year=2024, value=v, source="確報",
                            published_on=datetime.date(2025, 1, 10), note=note)

actor = SYSTEM
if sys.argv[2] == "role":  # a department user of the organisation owning 観光入込客数
    from shinchoku.accounts.services import add_user
    actor = add_user("owner", "department", "a-long-test-password-2026", "sangyo-shinko",
                     actor=SYSTEM)

calls = []
real = checks.check
def spy(*args, **kwargs):
    calls.append(connection.in_atomic_block)
    found = real(*args, **kwargs)
    if sys.argv[2] == "meanwhile" and len(calls) == 1:  # another writer, between check and lock
        services.record(row, [value(560, "")], "entry", actor=SYSTEM)
    if sys.argv[2] in ("plan", "role") and len(calls) == 1:  # another process, same moment
        subprocess.run([sys.executable, "-c", EDIT, sys.argv[1], sys.argv[2]], check=True)
    return found
checks.check = spy
out = {}
try:
    run = services.record(row, [value(560, ""), value(561, "x")], "csv", "f.csv", actor=actor)
    out |= {"added": run.added, "unchanged": run.unchanged}
except Exception as err:
    out["refused"] = f"{type(err).__name__}: {err}"
stored = sorted(float(v) for v in Observation.objects.filter(
    indicator__code="tourist-visits", year=2024).values_list("value", flat=True))
print(json.dumps(out | {"calls": calls, "stored": stored}, ensure_ascii=False))
"""

# What another process does between the import's checks and its lock, as the admin and
# `shinchoku user change` do it: the row and its audit entry in one transaction.
EDIT = r"""
import sys
from shinchoku.cli.store import open_store
row = open_store(sys.argv[1])
from django.db import transaction
from shinchoku.accounts.permissions import SYSTEM
from shinchoku.audit.services import log
if sys.argv[2] == "plan":  # the secretariat caps 観光入込客数 at 500 in the admin (no version)
    ind = row.indicators.get(code="tourist-visits")
    with transaction.atomic():
        ind.maximum = 500
        ind.save()
        log(None, "admin.indicator.change", "評価指標 観光入込客数", {"maximum": None},
            {"maximum": "500"})
else:  # the user's role changes to council: no longer an owner of the indicator
    from shinchoku.accounts.services import change_user
    change_user("owner", "council", actor=SYSTEM)
"""


def _run(tmp_path: Path, case: str) -> dict:
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env |= {"PYTHONPATH": SRC, "DJANGO_SETTINGS_MODULE": "shinchoku.settings"}
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    script = SCRIPT.replace("EDIT, sys.argv[1]", f"{EDIT!r}, sys.argv[1]")
    out = subprocess.run([sys.executable, "-c", script, url, case], env=env, cwd=tmp_path,
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


@pytest.mark.own_sqlite
def test_an_admin_edit_of_the_plan_meanwhile_is_checked_under_the_lock(tmp_path):
    found = _run(tmp_path, "plan")
    # No value, withdrawal or plan version was written meanwhile, only the indicator's row
    # (maximum 500) and its audit entry: the import checks again, against the edited row.
    assert found["calls"] == [False, True]
    assert found["refused"].startswith("InputError: f.csv: 2件の問題があるため")
    assert "500" in found["refused"]
    assert found["stored"] == []  # 560 and 561 are both above the new maximum: nothing stored


@pytest.mark.own_sqlite
def test_a_role_changed_meanwhile_is_checked_under_the_lock(tmp_path):
    found = _run(tmp_path, "role")
    # The owner's first check passed; meanwhile their role became council (another
    # process): the check under the lock reads the role again and refuses.
    assert found["calls"] == [False, True]
    assert found["refused"].startswith("NotAllowed: ")
    assert found["stored"] == []
