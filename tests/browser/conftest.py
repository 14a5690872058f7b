"""A real server (``shinchoku serve`` on a fresh SQLite file) and Debian's Chromium."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).parent / "shinchoku")
PASSWORD = "browser-test-password-2026"
USERS = {
    "department": ("department", "sangyo-shinko"),
    "council": ("council", None),
    "secretariat": ("secretariat", None),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a site living in ``home`` (its own SQLite file, no inherited DB)."""
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env | {
        "SHINCHOKU_DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "SHINCHOKU_SECRET_KEY": secrets.token_urlsafe(50),  # serve refuses the default key
        # The first /data/ waits for its (small) open-data build however busy the machine.
        "SHINCHOKU_DATA_WAIT": "120",
        "SHINCHOKU_PASSWORD": PASSWORD,
        **extra,
    }


def add_users(home: Path, env: dict[str, str], users: dict[str, tuple[str, str | None]]) -> None:
    """Add each ``name: (role, organisation)`` with the shared test password."""
    for name, (role, org) in users.items():
        args = [EXE, "user", "add", name, "--role", role] + (["--organisation", org] if org else [])
        subprocess.run(args, cwd=home, env=env, check=True, capture_output=True, timeout=120)


@contextmanager
def serving(home: Path, env: dict[str, str]) -> Iterator[str]:
    """``shinchoku serve`` on a free loopback port for as long as the block runs."""
    port = _free_port()
    proc = subprocess.Popen(
        [EXE, "serve", "--port", str(port), "--workers", "2"],
        cwd=home,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("shinchoku serve did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A fresh server per test module (the built-in plan, one user per tested role)."""
    home = tmp_path_factory.mktemp("site")
    env = site_env(home)
    add_users(home, env, USERS)
    with serving(home, env) as url:
        yield url


def login(page, base: str, name: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
