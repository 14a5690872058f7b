"""Operations: health endpoint, request ids and logs, ``shinchoku check``, ``serve``'s key rule,
and opening an up-to-date store without Django's migration loader."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import shinchoku
from shinchoku.health import DEVELOPMENT_SECRET_KEY, SettingError, secret_key_problem, wait_seconds

SRC = str(Path(shinchoku.__file__).resolve().parents[1])
EXE = str(Path(sys.executable).parent / "shinchoku")
GOOD_KEY = "k3-" + secrets.token_urlsafe(50)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k and "SECRET" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env | {
        "PYTHONPATH": SRC,
        "SHINCHOKU_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SHINCHOKU_ALLOWED_HOSTS": "testserver,127.0.0.1",
        **extra,
    }


@pytest.mark.parametrize(
    ("key", "fine"),
    [
        (DEVELOPMENT_SECRET_KEY, False),
        ("", False),
        ("django-insecure-" + "x" * 50, False),
        ("short-but-random-Zq9", False),
        ("a" * 60, False),  # long but one character
        pytest.param(GOOD_KEY, True, id="a-random-key"),  # a stable id for pytest-xdist
    ],
)
def test_which_secret_keys_are_fit_to_serve(key, fine):
    assert (secret_key_problem(key) is None) is fine


def test_healthz_answers_json(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_every_response_carries_a_request_id(client, db):
    made = client.get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/healthz")["X-Request-ID"] != made
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.1")["X-Request-ID"] == "lb-7f3a.1"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x" * 65 + "\nfake log line")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


BROKEN = r"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shinchoku.settings")
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
health = client.get("/healthz")
page = client.get("/", HTTP_X_REQUEST_ID="req-42")
print(json.dumps({"health": [health.status_code, health.json()],
                  "page": [page.status_code, page["X-Request-ID"]]}))
"""


@pytest.mark.own_sqlite  # a process of its own on its own SQLite file
def test_an_unreachable_database_fails_health_and_a_500_leaves_a_traceback(tmp_path):
    env = _env(tmp_path, SHINCHOKU_DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'db'}")
    result = subprocess.run(
        [sys.executable, "-c", BROKEN], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["health"] == [503, {"status": "error", "database": "error"}]
    assert out["page"] == [500, "req-42"]
    # the log on stderr: the request id on the line, and the traceback under it
    line = next(x for x in result.stderr.splitlines() if "Internal Server Error: /" in x)
    assert "ERROR django.request [req-42]" in line
    assert "Traceback (most recent call last)" in result.stderr
    assert "unable to open database file" in result.stderr


def test_check_reports_each_item(cli, settings):
    settings.SECRET_KEY = GOOD_KEY
    out = cli("check", "--format", "json")
    found = json.loads(out.stdout)
    assert found["ok"] is True
    assert [(c["name"], c["ok"]) for c in found["checks"]] == [
        ("database", True),
        ("migrations", True),
        ("cache", True),
        ("secret_key", True),
    ]
    assert found["checks"][2]["detail"] == "LocMemCache"


def test_check_fails_on_the_development_key(cli, settings):
    settings.SECRET_KEY = DEVELOPMENT_SECRET_KEY
    result = cli("check", ok=False)
    assert result.exit_code == 1
    assert re.search(r"secret_key\s+NG\s+SECRET_KEY が設定されていません", result.stdout)
    assert re.search(r"database\s+OK", result.stdout)


@pytest.mark.own_sqlite  # a process of its own on its own SQLite file
def test_check_reports_pending_migrations_and_changes_nothing(tmp_path):
    env = _env(tmp_path, SHINCHOKU_SECRET_KEY=GOOD_KEY)
    result = subprocess.run([EXE, "check", "--format", "json"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1, result.stderr
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["database"]["ok"] and checks["secret_key"]["ok"]
    # the cache `serve` would use: the file cache in the working folder
    assert checks["cache"]["detail"] == f"FileBasedCache {tmp_path / 'cache'}"
    assert not checks["migrations"]["ok"] and "未適用" in checks["migrations"]["detail"]
    with sqlite3.connect(tmp_path / "db.sqlite3") as found:
        tables = {r[0] for r in found.execute("SELECT name FROM sqlite_master")}
    assert "plan_plan" not in tables  # check did not migrate


def test_serve_refuses_the_development_key(cli, settings):
    settings.SECRET_KEY = DEVELOPMENT_SECRET_KEY
    result = cli("serve", ok=False)
    assert result.exit_code == 2
    assert "SECRET_KEY" in result.output and "--insecure-dev" in result.output
    public = cli("serve", "--insecure-dev", "--host", "0.0.0.0", ok=False)
    assert public.exit_code == 2 and "公開するときは --insecure-dev は使えません" in public.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_insecure_dev_runs_and_answers_head_without_a_body(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [EXE, "serve", "--insecure-dev", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,  # serve keeps its file cache in ./cache
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    assert json.load(r) == {"status": "ok", "database": "ok"}
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        request = urllib.request.Request(base + "/", method="HEAD")
        with urllib.request.urlopen(request, timeout=30) as r:
            assert r.status == 200 and r.read() == b""
            assert int(r.headers["Content-Length"]) > 1000  # what GET would send
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "--insecure-dev" in err  # it said it runs with a development key


def test_an_up_to_date_store_opens_without_the_migration_loader(db, plan, monkeypatch):
    from django.db import connection

    from shinchoku.cli import store

    assert store._all_applied() is True
    monkeypatch.setattr(store, "_migrate", lambda: pytest.fail("migration check ran"))
    assert store.open_store().pk == plan.pk
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'plan' AND name = '0001_initial'")
    assert store._all_applied() is False  # a file not recorded: the full check runs


@pytest.mark.parametrize("secure", [False, True], ids=["http", "behind-https"])
def test_serve_answers_the_home_page_once_before_forking_its_workers(
    plan, settings, monkeypatch, capsys, secure
):
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from shinchoku.cli.serve import warm
    from shinchoku.web.views import public

    settings.ALLOWED_HOSTS = ["*.example.jp", ".shinchoku.example.jp", "testserver"]
    if secure:  # SHINCHOKU_SECURE=1: HTTPS at the proxy, a redirect for plain http
        settings.SECURE = settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    cache.set("page:left-from-a-restored-backup", ("v", b"old", "text/html"))
    # As Django's test client does: a request's start and end must not close the test's
    # connection (its transaction holds the test's data).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        warm()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    assert cache.get("page:left-from-a-restored-backup") is None  # emptied at start
    assert "注意" not in capsys.readouterr().err  # the warm-up answered 200
    # the workers inherit the cached page, the plan's tables and the compiled templates
    monkeypatch.setattr(public, "_public", lambda request: pytest.fail("built again"))
    response = Client(HTTP_HOST="shinchoku.example.jp").get("/", secure=secure)
    assert response.status_code == 200 and "産業振興ビジョン" in response.content.decode()


@pytest.mark.own_sqlite  # a process of its own on its own SQLite file
def test_serve_refuses_a_cache_folder_it_cannot_write(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    env = _env(tmp_path, SHINCHOKU_CACHE_DIR=str(tmp_path / "a-file" / "cache"))
    result = subprocess.run(
        [EXE, "serve", "--insecure-dev", "--port", str(_free_port())],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "キャッシュを使えません" in result.stderr and "SHINCHOKU_CACHE_DIR" in result.stderr


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("5", 5.0), ("0.4", 0.4), ("30", 30.0), ("1e1", 10.0)],
)
def test_a_waiting_time_is_a_positive_number_of_seconds(value, seconds):
    assert wait_seconds("SHINCHOKU_DB_TIMEOUT", value) == seconds


@pytest.mark.parametrize("value", ["abc", "-1", "0", "5s", "nan", "inf", " "])
def test_a_bad_waiting_time_is_refused_by_name(value):
    with pytest.raises(SettingError) as refused:
        wait_seconds("SHINCHOKU_DB_TIMEOUT", value)
    assert str(refused.value) == (
        f"環境変数 SHINCHOKU_DB_TIMEOUT の値「{value}」は使えません: "
        "待つ秒数を0より大きい数で書いてください（例: SHINCHOKU_DB_TIMEOUT=5）"
    )


def test_the_row_lock_waits_as_long_as_the_setting_says(settings):
    from shinchoku.locks import lock_seconds

    assert lock_seconds() == 5.0  # the default, read once by settings.py
    settings.SHINCHOKU_DB_TIMEOUT = 0.4
    assert lock_seconds() == 0.4


@pytest.mark.own_sqlite  # processes of their own on their own SQLite files
@pytest.mark.parametrize(
    ("variable", "args", "line"),
    [
        (
            "SHINCHOKU_DB_TIMEOUT",
            ["check"],
            "エラー: 環境変数 SHINCHOKU_DB_TIMEOUT の値「abc」は使えません: "
            "待つ秒数を0より大きい数で書いてください（例: SHINCHOKU_DB_TIMEOUT=5）",
        ),
        (
            "SHINCHOKU_DB_TIMEOUT",
            ["--lang", "en", "evaluate"],
            "Error: The environment variable SHINCHOKU_DB_TIMEOUT cannot be “abc”: write the "
            "seconds to wait as a number above 0 (e.g. SHINCHOKU_DB_TIMEOUT=5)",
        ),
        (
            "DB_TIMEOUT",  # the plain name, read when the SHINCHOKU_ one is not set
            ["plan", "show"],
            "エラー: 環境変数 DB_TIMEOUT の値「abc」は使えません: "
            "待つ秒数を0より大きい数で書いてください（例: DB_TIMEOUT=5）",
        ),
    ],
    ids=["check", "english", "plain-name"],
)
def test_a_bad_db_timeout_stops_a_command_with_one_line(tmp_path, variable, args, line):
    env = {k: v for k, v in _env(tmp_path).items() if "DB_TIMEOUT" not in k}
    result = subprocess.run(
        [EXE, *args], cwd=tmp_path, env=env | {variable: "abc"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == line  # one line, no traceback
    assert not (tmp_path / "db.sqlite3").exists()  # stopped before opening the database
