"""Load benchmark: the home page and /api/evaluation under wrk, on loopback only.

Starts ``shinchoku serve`` on a fresh SQLite file at 127.0.0.1, warms it, then runs
wrk for each URL and prints requests per second, latency percentiles and errors.
Goal (issue #3): home page >= 500 req/s with p99 < 100 ms and zero errors on 2 cores.

    .venv/bin/python bench/load_web.py [--seconds 10] [--connections 32] [--workers 3]

Needs Debian's wrk (apt-get install wrk). Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

EXE = str(Path(sys.executable).parent / "shinchoku")
GOAL_RPS, GOAL_P99_MS = 500, 100.0
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    percentiles = {
        p: float(v) * UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, **{f"p{k}": v for k, v in percentiles.items()},
            "errors": errors + (int(non2xx[1]) if non2xx else 0)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    home = Path(tempfile.mkdtemp(prefix="shinchoku-load-"))
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env["SHINCHOKU_DATABASE_URL"] = f"sqlite:///{home / 'db.sqlite3'}"
    env["SHINCHOKU_SECRET_KEY"] = secrets.token_urlsafe(50)  # serve refuses the default key
    port = free_port()
    server = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--workers", str(args.workers)],
        cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait(base + "/")
        print(f"server: shinchoku serve, {args.workers} workers, SQLite, {os.cpu_count()} cores")
        print(f"wrk: 1 thread, {args.connections} connections, {args.seconds} s per URL")
        for path in ("/", "/api/evaluation"):
            urllib.request.urlopen(base + path).read()  # warm the cache
            r = wrk(base + path, args.seconds, args.connections)
            line = (f"{path:18} {r['rps']:8.0f} req/s  p50 {r['p50']:6.1f} ms  "
                    f"p99 {r['p99']:6.1f} ms  errors {r['errors']:.0f}")  # fmt: skip
            if path == "/":
                ok = r["rps"] >= GOAL_RPS and r["p99"] < GOAL_P99_MS and r["errors"] == 0
                line += f"  (goal >= {GOAL_RPS} req/s, p99 < {GOAL_P99_MS:.0f} ms: "
                line += f"{'met' if ok else 'NOT met'}; {r['rps'] / GOAL_RPS:.1f}x)"
            print(line)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
