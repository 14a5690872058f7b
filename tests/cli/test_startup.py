"""Start-up: the command imports heavy libraries only in the commands that need them, so
``shinchoku --help`` and ``shinchoku evaluate`` start in well under a second (timed by
``bench/cli_startup.py``; this test checks the cause, not the clock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_sqlite  # processes of their own on their own SQLite files

SRC = str(Path(__file__).resolve().parents[2] / "src")
HEAVY = ["numpy", "pydantic", "yaml", "openpyxl", "tabulate", "django", "weasyprint",
         "matplotlib", "docx", "rest_framework"]  # fmt: skip
PROBE = """
import json, sys
from shinchoku.cli import main
try:
    main(sys.argv[1:], prog_name="shinchoku")
except SystemExit as done:
    code = done.code
heavy = sorted(m for m in {heavy} if m in sys.modules)
print(json.dumps({{"exit": code, "loaded": heavy}}), file=sys.stderr)
"""


def _loaded(tmp_path: Path, *args: str) -> list[str]:
    env = dict(os.environ, PYTHONPATH=SRC)
    env["SHINCHOKU_DATABASE_URL"] = f"sqlite:///{tmp_path}/db.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    found = json.loads(done.stderr.strip().splitlines()[-1])
    assert found["exit"] in (0, None), done.stderr
    return found["loaded"]


def test_help_imports_nothing_heavy(tmp_path):
    assert _loaded(tmp_path, "--help") == []
    assert _loaded(tmp_path, "evaluate", "--help") == []


def test_evaluate_imports_only_what_it_uses(tmp_path):
    _loaded(tmp_path, "plan", "show")  # a fresh database: migrate and load the plan first
    # The summary prints no table: tabulate only for --full.
    assert _loaded(tmp_path, "evaluate", "--year", "2023") == [
        "django", "numpy", "rest_framework",
    ]  # fmt: skip
    assert "tabulate" in _loaded(tmp_path, "evaluate", "--year", "2023", "--full")
