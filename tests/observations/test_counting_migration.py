"""The frozen data migration 0008 (observations) fills ``CountingRevision`` exactly as the live
``refresh_counting(None, [])`` does today: a real store, two plans, revisions, undated and
withdrawn rows, published and unpublished years, some rows written at 0007 itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_sqlite  # a process of its own on a SQLite file of its own

SRC = str(Path(__file__).resolve().parents[2] / "src")
HANNO_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "hanno.yaml"

SCRIPT = """
import datetime, json, random, sys
from decimal import Decimal

import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.core import model as core
from shinchoku.cycle import publication
from shinchoku.ingest.plan_file import read_plan_file
from shinchoku.observations import services, store
from shinchoku.observations.counting import refresh_counting
from shinchoku.plan.services import load_builtin, load_plan

call_command("migrate", verbosity=0)
plan = load_builtin()
services.load_history(plan)
hanno_file = sys.argv[1]
with open(hanno_file, encoding="utf-8") as f:
    hanno = load_plan(read_plan_file(hanno_file), f.read(), SYSTEM)
on = datetime.date(2026, 12, 1)
for y in range(plan.period_start, 2024):  # 2023 published, 2024 onwards not
    publication.publish(plan, y, publication.checklist(plan, y, on).phrase, on=on, actor=SYSTEM)

rng = random.Random(5)
days = [datetime.date(2016, 1, 1) + datetime.timedelta(days=d) for d in range(0, 3000, 97)]
for row in (plan, hanno):
    base = [r.observation for r in services.revisions(row)]
    if not base:  # the second plan has no history: a first value for each indicator
        base = [
            core.Observation(indicator=i.code, year=2021, value=Decimal(100), source="初期値")
            for i in store.plan_core(row).indicators
        ]
    new = []
    for k in range(120):
        o = base[rng.randrange(len(base))]
        new.append(
            core.Observation(
                indicator=o.indicator,
                year=min(o.year + rng.choice([0, 0, 1, 2, 3]), 2025),
                value=(o.value * Decimal(rng.randint(80, 120)) / 100).quantize(Decimal(1)),
                source=f"乱数 {k}",
                published_on=None if rng.random() < 0.25 else rng.choice(days),
            )
        )
    services.record(row, base + new if row is hanno else new, "csv", "x.csv", confirm=True,
                    actor=SYSTEM)
    for r in services.revisions(row):
        if rng.random() < 0.1:
            services.withdraw(row, r.observation.seq, "テストの取り下げ", actor=SYSTEM)

call_command("migrate", "observations", "0007", verbosity=0)
tables = {t for t in connection.introspection.table_names()}
assert "observations_countingrevision" not in tables, tables

# Rows written at 0007 itself, through the historical models (the live ones would refresh
# a table that does not exist yet).
state = MigrationExecutor(connection).loader.project_state(
    ("observations", "0007_observation_counting_index")
)
Observation = state.apps.get_model("observations", "Observation")
Withdrawal = state.apps.get_model("observations", "ObservationWithdrawal")
ImportRun = state.apps.get_model("observations", "ImportRun")
Indicator = state.apps.get_model("plan", "Indicator")
run = ImportRun.objects.create()
for n, ind in enumerate(Indicator.objects.order_by("id")):
    for year, day in ((2022, None), (2022, datetime.date(2024, 5, 1)), (2023, None)):
        last = Observation.objects.create(
            indicator=ind, year=year, value=Decimal(500 + n), source="0007", published_on=day,
            run=run,
        )
    Withdrawal.objects.create(observation=last, reason="0007 での取り下げ")

def rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT observation_id, plan_id, indicator_id, year, value, published, packed"
            " FROM observations_countingrevision ORDER BY observation_id"
        )
        return [[*r[:-1], bytes(r[-1]).hex()] for r in cursor.fetchall()]

call_command("migrate", "observations", "0008", verbosity=0)
migrated = rows()
written = refresh_counting(None, [])
print(json.dumps({"migrated": migrated, "live": rows(), "written": written,
                  "plans": sorted({r[1] for r in migrated})}))
"""


def test_migration_0008_fills_what_the_live_refresh_writes(tmp_path):
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env |= {
        "PYTHONPATH": SRC,
        "DJANGO_SETTINGS_MODULE": "shinchoku.settings",
        "SHINCHOKU_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(HANNO_FILE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["migrated"] == found["live"]  # every column, ``packed`` included
    assert found["written"] == len(found["migrated"]) > 30
    assert len(found["plans"]) == 2
    published = {r[5] for r in found["migrated"]}
    assert -1 in published and any(day > 0 for day in published)  # undated and dated count
    assert all(len(bytes.fromhex(r[6])) == 30 for r in found["migrated"])
