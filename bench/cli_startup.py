"""Start-up time of the ``shinchoku`` command: each command in a fresh process.

Prepares a throwaway SQLite file (migrated, the built-in plan and its history loaded, as the
first run of any command leaves it), then runs each command ``--repeat`` times, each in a new
process as a user would, and prints the median wall-clock and CPU time (user + system of the
child). Exit status 1 when a median wall time misses the goal.

**Goal: under 1 s for ``shinchoku --help`` and ``shinchoku evaluate --year 2023``.**

Run from the repository root::

    .venv/bin/python bench/cli_startup.py [--repeat 5] [--json] [--src OTHER/src]

``--src`` times another checkout's code (e.g. the main branch, for a before/after). On a
busy machine the wall time is the CPU time divided by the share of a core the process
gets; the CPU time is the figure to compare then (the load average is printed).
"""

from __future__ import annotations

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

GOAL = 1.0
COMMANDS = {  # name: arguments, goal (None: measured, not judged)
    "--help": (["--help"], GOAL),
    "evaluate --year 2023": (["evaluate", "--year", "2023"], GOAL),
    "evaluate --year 2023 --format json": (
        ["evaluate", "--year", "2023", "--format", "json"],
        None,
    ),
    "plan show": (["plan", "show"], None),
    "cycle status (bad year)": (["cycle", "status", "--year", "abc"], None),
}
SRC = Path(__file__).resolve().parents[1] / "src"


def command() -> list[str]:
    """The installed console script beside this Python, else the same entry point by -c."""
    script = Path(sys.executable).with_name("shinchoku")
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "from shinchoku.cli import main; main()"]


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and exit status of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*command(), *args], env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="One JSON object instead of lines.")
    parser.add_argument("--src", type=Path, default=SRC, help="The code to time (default: ours).")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, PYTHONPATH=str(options.src.resolve()), PYTHONDONTWRITEBYTECODE="")
        env["SHINCHOKU_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        _, _, status = run(["plan", "show"], env)  # migrate and seed once
        assert status == 0, "preparing the database failed"
        run(["--help"], env)  # byte-compile once, as an installed package is
        results = {}
        for name, (args, goal) in COMMANDS.items():
            timed = [run(args, env) for _ in range(options.repeat)]
            wall = statistics.median(t[0] for t in timed)
            results[name] = {
                "wall_median": round(wall, 3),
                "wall_min": round(min(t[0] for t in timed), 3),
                "cpu_median": round(statistics.median(t[1] for t in timed), 3),
                "exit": timed[0][2],
                "goal": goal,
                "met": None if goal is None else wall < goal,
            }
    load = os.getloadavg()[0]
    if options.json:
        print(json.dumps({"repeat": options.repeat, "load": load, "commands": results}, indent=1))
    else:
        print(f"{options.repeat} fresh processes each; load average {load:.2f}")
        for name, r in results.items():
            judged = "" if r["goal"] is None else (" ok" if r["met"] else " MISSED")
            print(
                f"shinchoku {name:38} wall median {r['wall_median']:.3f} s "
                f"(min {r['wall_min']:.3f})  cpu median {r['cpu_median']:.3f} s  "
                f"exit {r['exit']}{judged}"
            )
    return 1 if any(r["met"] is False for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
