"""Time to produce the annual progress report of the built-in plan in each format.

Creates a throwaway SQLite database with the built-in plan and its published history (as a
fresh install has), builds the report context once (``load_context``), then renders each
format ``--repeat`` times. The first render of each format is reported apart ("first": it
includes importing WeasyPrint/matplotlib/openpyxl/python-docx and loading the font, which a
one-shot ``shinchoku report`` pays too); the median is of the later renders. Goals: PDF under
5 s, every other format under 2 s.

Run::

    .venv/bin/python bench/report_formats.py [--year 2023] [--repeat 5] [--lang ja] [--json]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"pdf": 5.0, "xlsx": 2.0, "docx": 2.0, "html": 2.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", choices=["ja", "en"], default="ja")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
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
        print(json.dumps({"context_s": round(context_s, 3), "formats": results}, indent=2))
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
    return 0 if all(r["meets_goal"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
