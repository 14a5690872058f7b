"""A fresh store: the built-in plan is loaded, becomes the default, and --plan finds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_sqlite  # processes of their own on their own SQLite files

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_a_fresh_store_seeds_and_serves_the_default_plan(tmp_path):
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {"PYTHONPATH": SRC, "SHINCHOKU_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    exe = str(Path(sys.executable).parent / "shinchoku")
    run = [exe, "plan", "list", "--format", "json"]
    result = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (found,) = json.loads(result.stdout)["plans"]
    assert (found["slug"], found["default"]) == ("tokorozawa-industrial-vision-latter", True)
