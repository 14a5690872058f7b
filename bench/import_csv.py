"""Time to import a 100,000-row observation CSV, whole, through ``shinchoku import``'s path.

Writes a seeded synthetic CSV in the contract's layout (the built-in plan's four indicators,
years spelt every accepted way — 令和5年度, R5, 2023年度, 2023 — values with thousands
separators, some dated and some not, a few notes), then times, on a fresh database:

- parse: ``read_csv_bytes`` (decode, every row through ``parse_fields``);
- preview: ``importers.preview`` (compare with the store; which revision will count);
- import: ``importers.import_any`` end to end (read, preview, ``services.record``: one
  transaction, the import run, the rows, the audit log).

Setting up the database (migrations, the built-in plan) is timed separately and not counted.
The goal is a whole import under 5 s. SQLite by default (a temporary file); ``--database URL``
runs on PostgreSQL (the database must be empty or hold only the built-in plan).

Run::

    .venv/bin/python bench/import_csv.py [--rows N] [--seed N] [--database URL] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GOAL_SECONDS = 5.0
INDICATORS = [  # code or name, period kind, typical value
    ("総生産額", "fiscal", 9_100),
    ("manufacturing-shipments", "calendar", 1_800),
    ("観光入込客数", "calendar", 500),
    ("employees", "calendar", 115_000),
]


def _year(year: int, kind: str, rng: random.Random) -> str:
    era = year - 2018  # 令和 n
    word = "年度" if kind == "fiscal" else "年"
    return rng.choice([f"令和{era}{word}", f"R{era}", f"{year}{word}", str(year)])


def build_csv(rows: int, seed: int) -> bytes:
    """A synthetic observation CSV of ``rows`` distinct rows (revisions included)."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "year", "value", "source", "published_on", "edition", "note"])
    for n in range(rows):
        name, kind, typical = INDICATORS[n % len(INDICATORS)]
        # 令和元年 … 令和7年: a figure describes a year that has begun (docs/evaluation.md).
        year = 2019 + rng.randrange(0, 7)
        value = round(typical * rng.uniform(0.8, 1.2), rng.choice([0, 0, 1]))
        dated = rng.random() < 0.7
        published = f"{year + 2}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        writer.writerow(
            [
                name,
                _year(year, kind, rng),
                f"{value:,}",
                "ベンチマーク用の合成データ",
                published if dated else "",
                f"第{n % 7 + 1}版" if rng.random() < 0.5 else "",
                f"行{n}",  # keeps every row distinct, so every row is stored
            ]
        )
    return out.getvalue().encode("utf-8")


def timed(f: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = f(*args, **kwargs)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    """Build the CSV, set up a database, time parse / preview / import; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="shinchoku-bench-"))
    url = args.database or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SHINCHOKU_DATABASE_URL"] = url
    build_s, data = timed(build_csv, args.rows, args.seed)
    path = workdir / "observations.csv"
    path.write_bytes(data)

    from shinchoku.cli.store import open_store

    setup_s, plan = timed(open_store, url)
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.ingest.observation_rows import read_csv_bytes
    from shinchoku.observations import importers
    from shinchoku.observations.models import Observation
    from shinchoku.plan import services as plan_services

    plan_core = plan_services.to_core(plan)
    parse_s, observations = timed(read_csv_bytes, data, plan_core, path.name)
    preview_s, _ = timed(importers.preview, plan, observations)
    start = time.perf_counter()
    outcome = importers.import_any(plan, path, actor=SYSTEM)
    import_s = time.perf_counter() - start
    stored = Observation.objects.filter(run=outcome.run).count()
    assert stored == args.rows == outcome.added, (stored, args.rows, outcome.added)
    figures = {
        "rows": args.rows,
        "bytes": len(data),
        "database": url.split(":")[0],
        "build_s": round(build_s, 3),
        "setup_s": round(setup_s, 3),
        "parse_s": round(parse_s, 3),
        "preview_s": round(preview_s, 3),
        "import_s": round(import_s, 3),
        "goal_s": GOAL_SECONDS,
        "import_over_goal": round(import_s / GOAL_SECONDS, 3),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{args.rows:,} rows, {len(data) / 2**20:.1f} MiB CSV, {figures['database']}")
        print(f"build CSV {build_s:.3f} s; set up database {setup_s:.3f} s (not counted)")
        print(f"parse {parse_s:.3f} s; preview {preview_s:.3f} s")
        print(f"import (read + preview + record) {import_s:.3f} s; goal {GOAL_SECONDS} s")
        print(f"peak RSS {figures['peak_rss_mib']} MiB")
    return 0 if import_s < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
