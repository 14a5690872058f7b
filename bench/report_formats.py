"""Time to produce the annual progress report of the built-in plan in each format.

Creates a throwaway SQLite database with the built-in plan and its published history (as a
fresh install has), builds the report context once (``load_context``), then renders each
format ``--repeat`` times. The first render of each format is reported apart ("first": it
includes importing WeasyPrint/matplotlib/openpyxl/python-docx and loading the font, which a
one-shot ``shinchoku report`` pays too); the median is of the later renders. Goals: PDF under
5 s, every other format under 2 s.

Then the cold one-shot: ``shinchoku report --out report.pdf`` as a subprocess on a fresh
store (a new SQLite file: migrations, the built-in plan, Python imports, WeasyPrint), as a
first-time user runs it. Goal: under 8 s. Its wall time and its CPU time (user + system of
the child) are both printed: on a shared machine the wall time counts other processes' work.

Run::

    .venv/bin/python bench/report_formats.py [--year 2023] [--repeat 5] [--lang ja] [--json]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"pdf": 5.0, "xlsx": 2.0, "docx": 2.0, "html": 2.0}
COLD_GOAL = 8.0


def cold_pdf(year: int, lang: str, tmp: Path) -> dict:
    """``shinchoku report … report.pdf`` in a new process on a new store: wall and CPU time."""
    database = f"sqlite:///{tmp / 'cold.sqlite3'}"
    out = tmp / "cold.pdf"
    command = [sys.executable, "-c", "import sys; from shinchoku.cli import main; sys.exit(main())"]
    command += ["--database", database, "report", "--year", str(year), "--lang", lang]
    command += ["--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "bytes": out.stat().st_size,
        "goal_s": COLD_GOAL,
        "meets_goal": wall < COLD_GOAL,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", choices=["ja", "en"], default="ja")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cold = cold_pdf(args.year, args.lang, Path(tmp))  # first: nothing imported yet
        os.environ["SHINCHOKU_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        from shinchoku.cli.store import open_store

        row = open_store()
        from shinchoku.reports import FORMATS, render
        from shinchoku.reports.context import load_context

        t0 = time.perf_counter()
        context = load_context(row, args.year, lang=args.lang)
        context_s = time.perf_counter() - t0

        results = {}
        for fmt in FORMATS:
            times, size = [], 0
            for _ in range(max(2, args.repeat + 1)):
                t0 = time.perf_counter()
                size = len(render(context, fmt))
                times.append(time.perf_counter() - t0)
            later = times[1:]
            results[fmt] = {
                "first_s": round(times[0], 3),
                "median_s": round(statistics.median(later), 3),
                "min_s": round(min(later), 3),
                "max_s": round(max(later), 3),
                "bytes": size,
                "goal_s": GOALS[fmt],
                "meets_goal": max(times[0], statistics.median(later)) < GOALS[fmt],
            }

    if args.json:
        found = {"context_s": round(context_s, 3), "formats": results, "cold_pdf": cold}
        print(json.dumps(found, indent=2))
    else:
        print(f"built-in plan, year {args.year}, lang {args.lang}, {args.repeat} timed renders")
        print(f"context (load_context, evaluated once): {context_s:.3f} s")
        for fmt, r in results.items():
            mark = "ok" if r["meets_goal"] else "OVER GOAL"
            print(
                f"{fmt:5} first {r['first_s']:.3f} s, median {r['median_s']:.3f} s "
                f"(min {r['min_s']:.3f}, max {r['max_s']:.3f}), {r['bytes']:,} bytes; "
                f"goal < {r['goal_s']:.0f} s: {mark}"
            )
        mark = "ok" if cold["meets_goal"] else "OVER GOAL"
        print(
            f"cold one-shot `shinchoku report --out report.pdf` on a fresh store: "
            f"{cold['wall_s']:.3f} s wall, {cold['cpu_s']:.3f} s CPU, {cold['bytes']:,} bytes; "
            f"goal < {COLD_GOAL:.0f} s: {mark}"
        )
    met = all(r["meets_goal"] for r in results.values()) and cold["meets_goal"]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
