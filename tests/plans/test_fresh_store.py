"""A fresh store: the built-in plan is loaded, becomes the default, and --plan finds it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[2] / "src")


def test_a_fresh_store_seeds_and_serves_the_default_plan(tmp_path):
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {"PYTHONPATH": SRC, "SHINCHOKU_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    exe = str(Path(sys.executable).parent / "shinchoku")
    run = [exe, "plan", "list", "--format", "json"]
    result = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert '"slug": "tokorozawa-industrial-vision-latter"' in result.stdout
    assert '"default": true' in result.stdout
