"""Load benchmark: home and indicator pages under wrk while a user imports, on loopback only.

Prepares a SQLite store with ``--observations`` values (default 200,000: the seeded national
synthetic set of ``national_store.py`` cut to that size, loaded as the current plan through
the real import path, years up to 2020 published), starts ``shinchoku serve`` (gunicorn) on
it at 127.0.0.1, warms it, then runs wrk on each URL while another process imports a file of
1,000 revised published values again and again (``shinchoku import --confirm``: each import
changes the public data, so the pages' cached evaluation is rebuilt while the load runs).
Prints requests per second, latency percentiles, errors and the imports done meanwhile.
Goal (issue #16): home and indicator pages >= 500 req/s with p99 < 100 ms and zero errors.

    .venv/bin/python bench/load_web.py [--seconds 10] [--connections 16] [--workers 3]
    .venv/bin/python bench/load_web.py --observations 0 --no-import   # the built-in plan only
    .venv/bin/python bench/load_web.py --via web   # the user uploads and confirms in the workspace
    .venv/bin/python bench/load_web.py --sign-ins  # and staff sign in (a write) meanwhile
    .venv/bin/python bench/load_web.py --api  # the paged evaluation API and /methods/ page 2

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
import threading
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


def wait(url: str, seconds: float = 900) -> None:
    """Until ``url`` answers (the first request builds the plan's tables and evaluation)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=300).read()
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


PUBLISHED = 2020  # years up to this one are public in the prepared store
PER_MUNICIPALITY = 783.5  # observations of one municipality in the national set


def prepare(url: str, observations: int, csv_path: str) -> str:
    """Fill the store (run in a child process); returns one indicator code to request."""
    sys.path.insert(0, str(Path(__file__).parent))
    import national_store as ns

    os.environ["SHINCHOKU_DATABASE_URL"] = url
    from shinchoku.cli.store import open_store

    open_store(url)
    if observations <= 0:
        return "gross-product"
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.observations import services
    from shinchoku.plan.models import Plan
    from shinchoku.plan.services import load_plan, make_default

    series, obs, codes = ns.synthetic(max(1, round(observations / PER_MUNICIPALITY)), 0)
    row = load_plan(ns.plan_of(series, codes), actor=SYSTEM)
    for group in ns.batches(obs, codes, 20):
        services.record(row, group, "csv", "national.csv", confirm=True, actor=SYSTEM)
    Plan.objects.filter(pk=row.pk).update(published_year=PUBLISHED)
    make_default(row, actor=SYSTEM)  # served at / and imported into without --plan
    with open(csv_path, "w", encoding="utf-8") as out:  # the user's file: 1,000 revisions
        out.write("indicator,year,value,source\n")
        for code in codes[:1000]:
            out.write(f"{code},{PUBLISHED - 1},{{value}},再集計\n")
    return codes[len(codes) // 2]


def importer(url: str, template: str, stop: threading.Event, done: list[int]) -> None:
    """Import the user's file again and again (new values each time) until ``stop``."""
    text = Path(template).read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    n = 0
    while not stop.is_set():
        n += 1
        path = Path(template).with_name(f"import-{n}.csv")
        path.write_text(text.replace("{value}", str(100 + n % 7)), encoding="utf-8")
        result = subprocess.run(
            [EXE, "--database", url, "import", str(path), "--confirm"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        done[0 if result.returncode == 0 else 1] += 1


PASSWORD = secrets.token_urlsafe(16)


def web_importer(base: str, template: str, stop: threading.Event, done: list[int]) -> None:
    """The same user, through the workspace: upload the file (the preview), then confirm."""
    import requests

    text = Path(template).read_text(encoding="utf-8")
    user = requests.Session()
    user.get(f"{base}/login/", timeout=60)
    form = {"username": "bench", "password": PASSWORD}
    user.post(f"{base}/login/", data={**form, **_csrf(user)}, headers=_referer(base), timeout=60)
    n = 0
    while not stop.is_set():
        n += 1
        body = text.replace("{value}", str(100 + n % 7)).encode()
        page = user.post(f"{base}/workspace/import/", data=_csrf(user), headers=_referer(base),
                         files={"file": ("user.csv", body, "text/csv")}, timeout=300)  # fmt: skip
        token = re.search(r'name="upload" value="([^"]+)"', page.text)
        confirm = {"confirm": "1", "upload": token[1] if token else "", "accept_changes": "on"}
        sent = user.post(f"{base}/workspace/import/", data={**confirm, **_csrf(user)},
                         headers=_referer(base), allow_redirects=False, timeout=300)  # fmt: skip
        stored = sent.status_code == 302 and "import" not in sent.headers.get("Location", "")
        done[0 if token and stored else 1] += 1


def sign_ins(base: str, stop: threading.Event, seen: list[tuple[float, int]]) -> None:
    """A member of staff signing in every 0.5 s (a write: the session), timed."""
    import requests

    while not stop.is_set():
        user = requests.Session()
        user.get(f"{base}/login/", timeout=60)
        form = {"username": "bench", "password": PASSWORD, **_csrf(user)}
        start = time.perf_counter()
        sent = user.post(f"{base}/login/", data=form, headers=_referer(base),
                         allow_redirects=False, timeout=60)  # fmt: skip
        seen.append((time.perf_counter() - start, sent.status_code))
        stop.wait(0.5)


def _csrf(session) -> dict[str, str]:
    return {"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}


def _referer(base: str) -> dict[str, str]:
    return {"Referer": f"{base}/workspace/import/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--observations", type=int, default=200_000)
    parser.add_argument("--no-import", action="store_true", help="no import during the run")
    parser.add_argument(
        "--via", choices=("cli", "web"), default="cli",
        help="how the user imports: shinchoku import, or the workspace's upload and confirm",
    )  # fmt: skip
    parser.add_argument(
        "--sign-ins", action="store_true", help="a member of staff also signs in every 0.5 s"
    )
    parser.add_argument(
        "--api", action="store_true",
        help="the paged answers instead: /api/evaluation pages 1 and 2, /methods/ page 2",
    )  # fmt: skip
    parser.add_argument("--prepare", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        url, count, csv_path = args.prepare
        print(prepare(url, int(count), csv_path))
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    home = Path(tempfile.mkdtemp(prefix="shinchoku-load-"))
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    url = f"sqlite:///{home / 'db.sqlite3'}"
    env["SHINCHOKU_DATABASE_URL"] = url
    env["SHINCHOKU_SECRET_KEY"] = secrets.token_urlsafe(50)  # serve refuses the default key
    template = str(home / "user.csv")
    start = time.perf_counter()
    code = subprocess.run(
        [sys.executable, __file__, "--prepare", url, str(args.observations), template],
        env=env, cwd=home, capture_output=True, text=True, check=True,
    ).stdout.split()[-1]  # fmt: skip
    print(f"prepared {args.observations:,} observations in {time.perf_counter() - start:.0f} s")
    subprocess.run(
        [EXE, "user", "add", "bench", "--role", "secretariat"],
        env={**env, "SHINCHOKU_PASSWORD": PASSWORD}, cwd=home, capture_output=True, check=True,
    )  # fmt: skip
    port = free_port()
    log = (home / "server.log").open("wb")  # closed after the server
    server = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--workers", str(args.workers)],
        cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait(base + "/")
        print(f"server: shinchoku serve, {args.workers} workers, SQLite, {os.cpu_count()} cores")
        print(f"wrk: 1 thread, {args.connections} connections, {args.seconds} s per URL")
        print(f"the user imports through the {'workspace' if args.via == 'web' else 'CLI'}")
        paths = (
            ("/api/evaluation", "/api/evaluation?page=2", "/methods/?page=2")
            if args.api
            else ("/", f"/indicators/{code}/", "/api/evaluation")
        )
        for path in paths:
            try:
                for _ in range(2 * args.workers):  # warm every worker's cache
                    urllib.request.urlopen(base + path, timeout=300).read()
            except OSError as err:
                log = (home / "server.log").read_text(errors="replace")
                print(f"{path}: {err}\n{log[-3000:]}", flush=True)
                continue
            stop, done = threading.Event(), [0, 0]
            user = (
                threading.Thread(target=web_importer, args=(base, template, stop, done))
                if args.via == "web"
                else threading.Thread(target=importer, args=(url, template, stop, done))
            )
            if not args.no_import:
                user.start()
            staff: list[tuple[float, int]] = []
            signing = threading.Thread(target=sign_ins, args=(base, stop, staff))
            if args.sign_ins:
                signing.start()
            r = wrk(base + path, args.seconds, args.connections)
            stop.set()
            if not args.no_import:
                user.join()
            size = len(urllib.request.urlopen(base + path, timeout=300).read())
            line = (f"{path[:24]:24} {size:>9,} B {r['rps']:8.0f} req/s  p50 {r['p50']:6.1f} ms  "
                    f"p99 {r['p99']:6.1f} ms  errors {r['errors']:.0f}  "
                    f"imports {done[0]} done, {done[1]} failed")  # fmt: skip
            if not args.api and not path.startswith("/api/"):
                ok = r["rps"] >= GOAL_RPS and r["p99"] < GOAL_P99_MS and r["errors"] == 0
                line += f"  (goal >= {GOAL_RPS} req/s, p99 < {GOAL_P99_MS:.0f} ms: "
                line += f"{'met' if ok else 'NOT met'}; {r['rps'] / GOAL_RPS:.1f}x)"
            print(line, flush=True)
            if args.sign_ins:
                signing.join()
                ms = sorted(t * 1000 for t, _ in staff)
                codes = sorted({c for _, c in staff})
                print(f"{'':24} sign-ins {len(staff)}: answers {codes}, "
                      f"median {ms[len(ms) // 2]:.0f} ms, longest {ms[-1]:.0f} ms")  # fmt: skip
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        text = (home / "server.log").read_text(errors="replace")
        if "Traceback" in text:  # kept for reading: a 500 logs its traceback
            kept = Path(tempfile.gettempdir()) / f"load_web-server-{port}.log"
            kept.write_text(text)
            print(f"the server logged errors: {kept}")
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
