"""The national synthetic set through the store, end to end: load, evaluate, one page.

Builds the seeded set of ``national_evaluation.py`` (1,741 municipalities × 50 indicators ×
15 years, about 1.3 M observations with ~10 % second revisions; ``--scale`` takes a share of
the municipalities) with reference years 2012–2026 (a figure cannot describe a year that has
not begun), and on a fresh SQLite file (or ``--database URL``):

- loads it as ONE plan (municipality × indicator = one indicator; many plans in one store
  are issue 16 item 2) through ``plan.services.load_plan``;
- records the observations through the real import path, ``observations.services.record``
  (plausibility, the import run, the audit entry, the ``executemany`` insert), one call per
  ``--batch`` municipalities (a municipality's file);
- times evaluating everything from the store (``observations.store.evaluate_arrays``: the
  counting revisions kept at write time read as one buffer, the arrays, ``evaluate_table``;
  median of ``--repeat``; once the same from the rule's window-function/anti-join query, asserted
  identical), and once
  the whole ``evaluate_year`` (every indicator's result object, cache cold);
- times one indicator page (the workspace page of the secretariat, through Django's test
  client) over ``--requests`` different indicators: the first request apart (it builds the
  plan's tables and the evaluation cached per data version), then median and p99.

``--compare`` runs the same bench at about 10 k observations in a child process and prints
each figure's ratio. Goals: everything from the store < 2 s; one page < 100 ms (p99); the
import of the whole set < 3 minutes. CPU seconds (this process plus, on PostgreSQL, its
server backend) are printed beside wall seconds: the machine is shared.

Run::

    .venv/bin/python bench/national_store.py --scale 0.1 --compare
    .venv/bin/python bench/national_store.py --json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import national_evaluation as national

MUNICIPALITIES = 1741
INDICATORS = 50
YEARS = 15
FIRST_YEAR = 2012  # 2012–2026: every reference year has begun
EVALUATED = 2024
GOAL_STORE_S = 2.0
GOAL_PAGE_MS = 100.0
GOAL_IMPORT_S = 180.0  # the whole national set


def synthetic(municipalities: int, seed: int) -> tuple[Any, Any, list[str]]:
    """The seeded arrays (series, observations) and each series' indicator code."""
    national.FIRST_YEAR = FIRST_YEAR
    series, obs = national.build(municipalities, INDICATORS, YEARS, seed)
    codes = [f"m{m:04d}-i{i:02d}" for m in range(municipalities) for i in range(INDICATORS)]
    return series, obs, codes


def _dec(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def plan_of(series: Any, codes: list[str]) -> Any:
    """The set as one core plan: one indicator per series, five targets each."""
    from shinchoku.core import model as core

    knots: dict[int, list[tuple[int, float]]] = {}
    for s, y, v in zip(series.knot_series, series.knot_year, series.knot_value, strict=True):
        knots.setdefault(int(s), []).append((int(y), float(v)))
    indicators = tuple(
        core.Indicator(
            code=code,
            name=f"合成指標 {code}",
            unit="件",
            policy="1",
            period_kind="fiscal",
            direction="increase" if series.sign[n] > 0 else "decrease",
            baseline=core.Baseline(int(series.baseline_year[n]), _dec(series.baseline_value[n])),
            targets=tuple(
                core.Target(y, _dec(v)) for y, v in knots[n] if y > series.baseline_year[n]
            ),
        )
        for n, code in enumerate(codes)
    )
    return core.Plan(
        slug="national-synthetic",
        municipality="全国（合成）",
        title="全国合成データ",
        edition="bench",
        period=core.YearSpan(FIRST_YEAR, FIRST_YEAR + YEARS - 1),
        vision_title="全国合成データ",
        vision_period=core.YearSpan(FIRST_YEAR, FIRST_YEAR + YEARS - 1),
        philosophy="",
        policies=(core.Policy("1", "合成"),),
        projects=(),
        indicators=indicators,
    )


def batches(obs: Any, codes: list[str], per: int) -> list[list[Any]]:
    """Core observations grouped by ``per`` municipalities, in recording order within each."""
    from shinchoku.core import model as core

    order = np.lexsort((obs.seq, obs.series // INDICATORS // per))
    groups: list[list[Any]] = []
    current = -1
    for k in order:
        s = int(obs.series[k])
        group = s // INDICATORS // per
        if group != current:
            groups.append([])
            current = group
        published = int(obs.published[k])
        groups[-1].append(
            core.Observation(
                indicator=codes[s],
                year=int(obs.year[k]),
                value=_dec(obs.value[k]),
                source="合成データ",
                published_on=datetime.date.fromordinal(published) if published >= 0 else None,
                note=f"r{int(obs.seq[k])}",  # the second revision may repeat a value
            )
        )
    return groups


def timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def server_cpu() -> float:
    """CPU seconds so far of this connection's PostgreSQL backend (loopback: the same
    machine's /proc), 0 for SQLite (which runs in this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_timed(fn: Any) -> tuple[float, float]:
    """Wall and CPU seconds of ``fn``: this process's CPU plus, on PostgreSQL, the
    backend's (on a shared machine the wall time also counts waiting for a core)."""
    start, cpu, server = time.perf_counter(), time.process_time(), server_cpu()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu + server_cpu() - server


def same(a: Any, b: Any) -> None:
    """Two ``store.Evaluated`` are identical, array by array (NaN equal to NaN); the latest
    actual by its observation id (``latest_index`` is a row number of the query's order)."""
    from dataclasses import fields

    for f in fields(a.table):
        if f.name == "latest_index":
            continue
        x, y = getattr(a.table, f.name), getattr(b.table, f.name)
        if isinstance(x, np.ndarray):
            assert x.shape == y.shape and x.dtype == y.dtype, f.name
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), f.name
        else:
            assert x == y, f.name
    assert np.array_equal(a.latest_id, b.latest_id)


def fresh_database(url: str) -> str:
    """A new empty PostgreSQL database on the server of ``url`` (each run, and the 10 k
    comparison, gets its own); other URLs are used as given."""
    if not url.startswith("postgres"):
        return url
    import psycopg

    name = f"shinchoku_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="shinchoku-national-"))
    url = (
        fresh_database(args.database) if args.database else f"sqlite:///{workdir / 'store.sqlite3'}"
    )
    os.environ["SHINCHOKU_DATABASE_URL"] = url
    municipalities = args.municipalities or max(1, round(MUNICIPALITIES * args.scale))
    (series, obs, codes), build_s = timed(lambda: synthetic(municipalities, args.seed))

    from shinchoku.cli.store import open_store

    _, setup_s = timed(lambda: open_store(url))
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.accounts.services import add_user
    from shinchoku.observations import services, store
    from shinchoku.observations.models import Observation
    from shinchoku.plan.selection import path_prefix
    from shinchoku.plan.services import load_plan

    setup_test_environment()  # the test client's host
    core_plan = plan_of(series, codes)
    row, plan_s = timed(lambda: load_plan(core_plan, actor=SYSTEM))
    groups = batches(obs, codes, args.batch)

    def record_all() -> None:
        for group in groups:
            services.record(row, group, "csv", "national.csv", confirm=True, actor=SYSTEM)

    import_s, import_cpu_s = cpu_timed(record_all)
    stored = Observation.objects.filter(indicator__plan=row).count()
    assert stored == len(obs.seq), (stored, len(obs.seq))

    tables, tables_s = timed(lambda: store.tables_for_year(row, EVALUATED))
    timings = [
        cpu_timed(lambda: store.evaluate_arrays(tables, row.pk, EVALUATED))
        for _ in range(args.repeat)
    ]
    runs = [wall for wall, _ in timings]
    evaluated = store.evaluate_arrays(tables, row.pk, EVALUATED)
    rated = int((evaluated.table.rating >= 0).sum())
    # The same evaluation from the rule's query (window function / anti-join over every
    # revision, as before the counting revisions were kept at write time): identical.
    kept = store.materialised
    store.materialised = lambda plan_id, year: store.counting(plan_id, year)
    try:
        rule_wall, rule_cpu = cpu_timed(
            lambda: same(evaluated, store.evaluate_arrays(tables, row.pk, EVALUATED))
        )
    finally:
        store.materialised = kept
    cache.clear()
    results, full_s = timed(lambda: services.evaluate_year(row, EVALUATED))
    assert len(results) == len(codes)

    user = add_user(
        "bench-secretariat", "secretariat", "a-long-bench-password-2026", None, actor=SYSTEM
    )
    client = Client()
    client.force_login(user)
    cache.clear()
    picks = np.random.default_rng(args.seed).choice(len(codes), args.requests + 1, replace=False)
    prefix = path_prefix(row)  # the built-in plan is the store's default: /plans/<slug>
    pages = []
    for n in picks:
        answer, took = timed(
            lambda n=n: client.get(f"{prefix}/workspace/indicators/{codes[n]}/?year={EVALUATED}")
        )
        assert answer.status_code == 200, answer.status_code
        pages.append(took * 1000)
    first, rest = pages[0], sorted(pages[1:])
    p99 = rest[min(len(rest) - 1, round(0.99 * (len(rest) - 1)))]
    return {
        "database": url.split(":")[0],
        "municipalities": municipalities,
        "indicators": len(codes),
        "observations": stored,
        "rated": rated,
        "build_s": round(build_s, 2),
        "setup_s": round(setup_s, 2),
        "plan_load_s": round(plan_s, 2),
        "import_s": round(import_s, 2),
        "import_cpu_s": round(import_cpu_s, 2),
        "import_batches": len(groups),
        "plan_tables_s": round(tables_s, 3),
        "store_evaluate_median_s": round(statistics.median(runs), 3),
        "store_evaluate_max_s": round(max(runs), 3),
        "store_evaluate_cpu_s": round(statistics.median(c for _, c in timings), 3),
        "rule_query_evaluate_s": round(rule_wall, 3),
        "rule_query_evaluate_cpu_s": round(rule_cpu, 3),
        "load_average": round(os.getloadavg()[0], 1),
        "evaluate_year_cold_s": round(full_s, 3),
        "page_first_ms": round(first, 1),
        "page_median_ms": round(statistics.median(rest), 1),
        "page_p99_ms": round(p99, 1),
        "page_requests": len(rest),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 1,741")
    parser.add_argument("--municipalities", type=int, help="instead of --scale")
    parser.add_argument("--batch", type=int, default=20, help="municipalities per record call")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--compare", action="store_true", help="also run at ~10 k observations")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    figures = run(args)
    if not args.json:
        print(json.dumps(figures), file=sys.stderr)  # kept even if the comparison fails
    if args.compare:
        small = [sys.executable, __file__, "--municipalities", "12", "--json"]
        small += ["--seed", str(args.seed), "--repeat", str(args.repeat)]
        small += ["--database", args.database] if args.database else []
        # Exit status 1 only says a goal was missed: the figures are on stdout all the same.
        out = subprocess.run(small, check=False, capture_output=True, text=True).stdout
        figures["small"] = json.loads(out.strip().splitlines()[-1])
    ok = figures["store_evaluate_median_s"] < GOAL_STORE_S and figures["page_p99_ms"] < GOAL_PAGE_MS
    if args.json:
        print(json.dumps(figures))
        return 0 if ok else 1
    f = figures
    print(
        f"{f['database']}: {f['municipalities']:,} municipalities, {f['indicators']:,} "
        f"indicators, {f['observations']:,} observations stored"
    )
    print(
        f"build {f['build_s']} s; set up {f['setup_s']} s; plan load {f['plan_load_s']} s; "
        f"import (record × {f['import_batches']}) {f['import_s']} s "
        f"(CPU {f['import_cpu_s']} s; goal for the whole set {GOAL_IMPORT_S:.0f} s)"
    )
    print(
        f"plan tables {f['plan_tables_s']} s (once per plan version); evaluate from the store "
        f"median {f['store_evaluate_median_s']} s (max {f['store_evaluate_max_s']}, CPU "
        f"{f['store_evaluate_cpu_s']} s; goal "
        f"{GOAL_STORE_S} s); evaluate_year with result objects, cold {f['evaluate_year_cold_s']} s"
    )
    print(
        f"the same evaluation from the rule's query (before the kept counting revisions): "
        f"{f['rule_query_evaluate_s']} s (CPU {f['rule_query_evaluate_cpu_s']} s), identical"
    )
    print(
        f"indicator page: first {f['page_first_ms']} ms; median {f['page_median_ms']} ms, "
        f"p99 {f['page_p99_ms']} ms over {f['page_requests']} (goal p99 {GOAL_PAGE_MS} ms)"
    )
    print(f"peak RSS {f['peak_rss_mib']} MiB; load average {f['load_average']} at the end")
    if "small" in f:
        s = f["small"]
        print(f"same bench at {s['observations']:,} observations (ratio large/small):")
        for key in (
            "import_s",
            "import_cpu_s",
            "store_evaluate_median_s",
            "store_evaluate_cpu_s",
            "evaluate_year_cold_s",
            "page_median_ms",
            "page_p99_ms",
        ):
            ratio = f[key] / s[key] if s[key] else float("inf")
            print(f"  {key}: {s[key]} → {f[key]} (×{ratio:.1f})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
