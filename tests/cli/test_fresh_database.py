"""The installed ``shinchoku`` command on a brand-new SQLite file, as a user runs it."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

# The console script installed beside the interpreter running the tests.
EXE = str(Path(sys.executable).parent / "shinchoku")


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [EXE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_first_command_creates_and_seeds_the_default_database(tmp_path):
    result = run(tmp_path, "evaluate", "--year", "2023", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [i["code"] for i in json.loads(result.stdout)["indicators"]] == [
        "gross-product",
        "manufacturing-shipments",
        "tourist-visits",
        "employees",
    ]
    assert (tmp_path / "shinchoku.sqlite3").exists()
    listed = json.loads(
        run(tmp_path, "observe", "list", "--indicator", "employees", "--format", "json").stdout
    )
    assert len(listed["observations"]) == 5  # the shipped history, loaded once


def test_a_failed_import_leaves_the_file_byte_for_byte(tmp_path):
    assert run(tmp_path, "plan", "show").returncode == 0
    db = tmp_path / "shinchoku.sqlite3"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n総生産額,R5,,s\n", "utf-8")
    result = run(tmp_path, "observe", "import", str(bad))
    assert result.returncode == 2
    assert "bad.csv 3行目 C列 [value]: 値が空です" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_unreachable_or_unreadable_database_is_a_clear_error(tmp_path):
    refused = run(tmp_path, "--database", "postgresql://u:secret@127.0.0.1:1/x", "plan", "show")
    assert refused.returncode == 2
    assert "データベースに接続できません（postgresql://u:***@127.0.0.1:1/x）" in refused.stderr
    assert "secret" not in refused.stderr and "Traceback" not in refused.stderr
    unknown = run(tmp_path, "--database", "foo://bar", "plan", "show")
    assert unknown.returncode == 2 and "データベースURLの形式が読めません" in unknown.stderr


def test_a_fresh_database_has_published_nothing_and_starts_at_the_newest_data(tmp_path):
    evaluated = run(tmp_path, "evaluate", "--format", "json")
    assert evaluated.returncode == 0, evaluated.stderr
    assert json.loads(evaluated.stdout)["year"] == 2019  # 令和元年度, the newest stored value
    checklist = run(tmp_path, "publish", "--year", "R5", "--dry-run", "--format", "json")
    data = json.loads(checklist.stdout)
    assert data["published_year"] is None and data["round_opened"] is False
    assert data["confirmation"] == "未承認の項目が19件あるまま令和5年度の結果を公表する"
