"""The reports of a static build are rendered by a second process (opendata/workers.py):
the same bytes as when one process renders everything, and never inside a transaction."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import shinchoku
from shinchoku.opendata.workers import ReportWorker, can_fork, report_paths

SRC = str(Path(shinchoku.__file__).resolve().parents[1])


def command(home: Path, *args: str, workers: str = "1") -> None:
    """``shinchoku ARGS`` in a process of its own on a SQLite file in ``home``."""
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {"PYTHONPATH": SRC, "SOURCE_DATE_EPOCH": "1764547200",
            "SHINCHOKU_SITE_WORKERS": workers}  # fmt: skip
    database = f"sqlite:///{home / 'db.sqlite3'}"
    subprocess.run(
        [sys.executable, "-c", "from shinchoku.cli import main; main()", "--database", database,
         *args],
        cwd=home, env=env, check=True, capture_output=True, timeout=900,
    )  # fmt: skip


def test_the_reports_are_listed_for_the_published_years_only(plan, publish):
    assert report_paths(plan) == []  # nothing published yet
    publish(2023)
    paths = report_paths(plan)
    assert "/reports/2023.pdf" in paths and "/en/reports/2023.docx" in paths
    assert len(paths) == 8 and not any("2024" in p for p in paths)


def test_no_worker_inside_a_transaction(plan, publish):
    # The tests' database is in memory, inside a transaction a forked process would not see:
    # the crawl renders the reports itself.
    publish(2023)
    assert not can_fork()
    with ReportWorker("", report_paths(plan), "static.invalid") as worker:
        assert not worker.has("/reports/2023.pdf")


@pytest.mark.own_sqlite  # a process of its own on its own SQLite file
def test_a_build_with_the_report_process_gives_the_same_bytes(tmp_path):
    command(tmp_path, "publish", "--year", "2023", "--yes")
    command(tmp_path, "site", "build", str(tmp_path / "two"), workers="1")
    command(tmp_path, "site", "build", str(tmp_path / "one"), workers="0")
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*")
           if p.is_file()}  # fmt: skip
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*")
           if p.is_file()}  # fmt: skip
    assert Path("reports/2023.pdf") in two and Path("en/reports/2023.docx") in two
    assert two.keys() == one.keys()
    assert [p for p in two if two[p] != one[p]] == []


def test_the_crawl_takes_back_what_the_worker_has_not_started():
    from concurrent.futures import Future

    worker = ReportWorker("", [], "static.invalid")
    worker.order = ["/reports/2023.pdf", "/en/reports/2023.pdf", "/reports/2023.html"]
    started = Future()
    started.set_running_or_notify_cancel()
    started.set_result((200, "application/pdf", b"%PDF-1.7"))
    worker.futures = {"/reports/2023.pdf": started, "/reports/2023.html": Future()}
    waiting = ["/reports/2023.pdf", "/reports/2023.html"]
    assert worker.pick(waiting) == "/reports/2023.html"  # the worker's last: taken back first
    assert waiting == ["/reports/2023.pdf"]
    assert worker.result("/reports/2023.html") is None  # not started: the crawl renders it
    assert worker.result(worker.pick(waiting)) == (200, "application/pdf", b"%PDF-1.7")
