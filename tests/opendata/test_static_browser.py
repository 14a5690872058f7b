"""The static edition served by a plain ``python -m http.server`` from a sub-path, in Chromium:
a citizen's journeys work and no request leaves the static root."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import shinchoku

pytestmark = pytest.mark.browser
SRC = str(Path(shinchoku.__file__).resolve().parents[1])


def shinchoku_command(home: Path, *args: str) -> None:
    """Run the command on a fresh SQLite file in ``home`` (a process of its own, as in use)."""
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {"PYTHONPATH": SRC, "SOURCE_DATE_EPOCH": "1764547200"}
    database = f"sqlite:///{home / 'db.sqlite3'}"
    subprocess.run(
        [sys.executable, "-c", "from shinchoku.cli import main; main()", "--database", database,
         *args],
        cwd=home, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip


@pytest.fixture
def static_root(tmp_path):
    """The built-in plan (令和5年度 published, with the SAMPLE registries) built as a
    static site under ``/progress/`` of a plain static file server."""
    shinchoku_command(tmp_path, "registries", "load-sample")
    shinchoku_command(tmp_path, "publish", "--year", "2023", "--yes")
    shinchoku_command(tmp_path, "site", "build", str(tmp_path / "progress"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    root = f"http://127.0.0.1:{port}/progress/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(root, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("python -m http.server did not start")
        yield root
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_citizen_journeys_on_the_static_site(page, static_root):
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    # A console error names the address it failed on (a favicon request is no page request).
    page.on("console", lambda m: failed.append(m.location["url"]) if m.type == "error" else None)
    page.goto(static_root)
    assert page.locator("h1").text_content() == "所沢市 産業振興ビジョン 後期アクションプラン"

    # Find an indicator, see its chart drawn, download its CSV.
    page.click("main >> text=総生産額")
    page.wait_for_url(static_root + "indicators/gross-product/index.html")
    drawn = page.evaluate(
        "Chart.getChart(document.querySelector('canvas[data-chart]')) !== undefined"
    )
    assert drawn is True
    with page.expect_download() as info:
        page.click("a[href$='gross-product.csv']")
    assert "9095" in info.value.path().read_text(encoding="utf-8-sig")

    # Read the published year's report.
    page.goto(static_root)
    page.click("a[href$='reports/2023.html']")
    page.wait_for_url(static_root + "reports/2023.html")
    assert "令和5年度" in page.locator("body").text_content()

    # Search the site: the browser reads the prebuilt index (no server behind this edition).
    page.goto(static_root)
    page.click("header >> text=検索")
    page.wait_for_url(static_root + "search/index.html")
    page.fill("#search-q", "観光 入込")
    page.click("#site-search button")
    page.click("#search-results >> text=観光入込客数")
    page.wait_for_url(static_root + "indicators/tourist-visits/index.html")

    # Find a direct-sales place, then the open data, then English.
    page.goto(static_root)
    page.click("header >> text=直売所")
    page.wait_for_url(static_root + "places/index.html")
    page.locator("main").get_by_text("サンプル直売所A").first.wait_for()
    page.click("footer >> text=オープンデータ")
    page.wait_for_url(static_root + "data/index.html")
    with page.expect_download() as info:
        page.click("a[href$='shinchoku-data.zip']")
    assert info.value.path().read_bytes()[:2] == b"PK"
    page.click("text=English")
    page.wait_for_url(static_root + "en/data/index.html")

    assert requests and all(url.startswith(static_root) for url in requests), [
        url for url in requests if not url.startswith(static_root)
    ]
    assert failed == []
    assert page.errors == []
