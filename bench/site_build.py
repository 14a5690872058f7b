"""Time to build the static public site (``shinchoku site build``) and the open data.

Creates a throwaway SQLite database with the built-in plan and its history, publishes
令和5年度 through the publication gate (with a 令和3年度 value of every indicator so the
year has an actual), and builds the site twice into a temporary folder: cold (every page,
report and file rendered) and again with the page cache cleared (everything rendered,
nothing changed, nothing written; ``--once`` skips it). ``--indicators N`` first loads a
synthetic plan with N indicators (copies of the built-in four under new codes, each with
the built-in history's values; a second plan in the store, so its site is the one under
``/plans/<slug>/``, without the default plan's registries). Wall and CPU time are printed,
and the CPU time spent rendering the reports per format (with ``--inline``: by default a
second process renders the reports while the pages are crawled, its CPU time is
``worker_cpu_s`` and counts in the total). Goals on the 2-core machine: the
built-in plan under 30 s, 1,000 indicators under 5 min.

Run::

    .venv/bin/python bench/site_build.py [--indicators 1000] [--once] [--inline] [--json]
"""

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def synthetic_plan(count: int):
    """The built-in plan file with ``count`` indicators (copies under new codes)."""
    import yaml

    from shinchoku.plan import builtin

    data = yaml.safe_load(builtin.plan_text())
    base = data["indicators"]
    data["slug"] = f"bench-{count}-indicators"
    # Deep copies: shared nested values would be written as YAML aliases, which plan files
    # refuse.
    data["indicators"] = [
        {**copy.deepcopy(base[n % len(base)]), "code": f"ind-{n:04d}", "name": f"指標{n:04d}"}
        for n in range(count)
    ]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def time_reports() -> dict[str, float]:
    """Time spent rendering the reports (per format, CPU seconds) while the site builds:
    wraps the renderer the report pages call, so the rest of the build can be told apart."""
    from shinchoku.web.views import reports

    spent: dict[str, float] = {}
    render = reports.render

    def timed(context, fmt):
        t0 = time.process_time()
        try:
            return render(context, fmt)
        finally:
            spent[fmt] = spent.get(fmt, 0.0) + time.process_time() - t0

    reports.render = timed
    return spent


def worker_cpu() -> float:
    """CPU seconds of the finished child processes (the report worker of a build)."""
    t = os.times()
    return t.children_user + t.children_system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=0, help="synthetic plan size")
    parser.add_argument("--once", action="store_true", help="the cold build only, no rebuild")
    parser.add_argument("--inline", action="store_true", help="no report process")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764547200")
    if args.inline:
        os.environ["SHINCHOKU_SITE_WORKERS"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SHINCHOKU_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        from shinchoku.cli.store import open_store

        row = open_store()
        from django.core.cache import cache

        from shinchoku.accounts.permissions import SYSTEM
        from shinchoku.core import model as core
        from shinchoku.cycle import publication
        from shinchoku.ingest.plan_file import read_plan_text
        from shinchoku.observations.services import record
        from shinchoku.opendata.staticsite import build_site
        from shinchoku.plan.services import load_plan

        if args.indicators:
            text = synthetic_plan(args.indicators)
            row = load_plan(read_plan_text(text, "bench.yaml"), text, actor=SYSTEM)
        import datetime
        from decimal import Decimal

        values = [
            core.Observation(i.code, 2021, i.baseline_value + Decimal(1), "bench",
                             datetime.date(2024, 8, 20))
            for i in row.indicators.all()
        ]  # fmt: skip
        record(row, values, "csv", "bench.csv", actor=SYSTEM)
        on = datetime.date(2026, 12, 1)  # through the publication gate, as the secretariat
        for year in range(row.period_start, 2024):
            publication.publish(
                row, year, publication.checklist(row, year, on).phrase, on=on, actor=SYSTEM
            )
        out = Path(tmp) / "site"
        spent = time_reports()
        t0, c0, w0 = time.perf_counter(), time.process_time(), worker_cpu()
        first = build_site(row, out, "https://progress.example.jp")
        cold, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
        cold_worker = worker_cpu() - w0
        reports_cpu = dict(spent)
        second, again, again_cpu = None, 0.0, 0.0
        if not args.once:
            cache.clear()
            t0, c0, w0 = time.perf_counter(), time.process_time(), worker_cpu()
            second = build_site(row, out, "https://progress.example.jp")
            again = time.perf_counter() - t0
            again_cpu = time.process_time() - c0 + worker_cpu() - w0
    goal = 300.0 if args.indicators >= 1000 else 30.0
    result = {
        "indicators": args.indicators or 4,
        "files": len(first.files),
        "cold_s": round(cold, 1),
        "cold_cpu_s": round(cold_cpu + cold_worker, 1),
        "worker_cpu_s": round(cold_worker, 1),
        "reports_cpu_s": {k: round(v, 1) for k, v in sorted(reports_cpu.items())},
        "rest_cpu_s": round(cold_cpu - sum(reports_cpu.values()), 1),
        "rebuild_s": round(again, 1),
        "rebuild_cpu_s": round(again_cpu, 1),
        "rewritten_on_rebuild": len(second.written) if second else None,
        "goal_s": goal,
        "met": cold < goal,
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
