"""Production settings from the environment pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.own_sqlite  # processes of their own on their own SQLite files


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHINCHOKU_", "DATABASE"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "shinchoku.settings",
        "SECRET_KEY": "a-real-deployment-secret-" + "x9Qz!" * 10,
        "ALLOWED_HOSTS": "progress.city.example.jp",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SHINCHOKU_SECURE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_are_flagged(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHINCHOKU_", "DATABASE"))}
    env |= {"DJANGO_SETTINGS_MODULE": "shinchoku.settings", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stdout + result.stderr
