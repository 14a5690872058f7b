"""The open-data bundle is built off the request (opendata/background.py, issue #16)."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from shinchoku.opendata import background, package

BASE = "http://testserver"


@pytest.fixture
def slow(plan, monkeypatch, settings):
    """A build that waits for ``release`` (like a 110 MB one), counted; the data version is
    ``version[0]``. Requests wait 0.1 s for a build, as a server would for a small one."""
    real = package.build(plan, BASE)
    state = {"calls": 0, "release": threading.Event(), "version": ["v1"]}

    def build(row, base):
        state["calls"] += 1
        n = state["calls"]
        assert state["release"].wait(10)
        return dataclasses.replace(real, files={**real.files, "README.txt": f"build {n}".encode()})

    def version():
        return state["version"][0]

    monkeypatch.setattr(package, "build", build)
    monkeypatch.setattr(background, "public_data_version", version)
    monkeypatch.setattr("shinchoku.pagecache.public_data_version", version)
    monkeypatch.setattr(background, "_inline", lambda: False)  # a thread, as under a server
    settings.SHINCHOKU_DATA_WAIT = 0.1
    return state


def _finish() -> None:
    for thread in list(background._threads.values()):
        thread.join(10)
        assert not thread.is_alive()


def test_requests_answer_503_at_once_until_the_first_build_is_done(client, slow):
    began = time.monotonic()
    page = client.get("/data/")
    assert time.monotonic() - began < 3  # the build waits: the request does not
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "オープンデータのファイルを作成しています" in page.content.decode()
    english = client.get("/en/data/")
    assert english.status_code == 503 and "open-data files are being prepared" in english.text
    assert client.get("/data/csv/observations.csv").status_code == 503
    assert slow["calls"] == 1  # three requests, one build
    slow["release"].set()
    _finish()
    page = client.get("/data/")
    assert page.status_code == 200 and "更新中" not in page.content.decode()
    assert 'href="/data/csv/observations.csv"' in page.content.decode()
    csv = client.get("/data/csv/observations.csv")
    assert csv.status_code == 200 and csv.content.startswith("\ufeffid,indicator".encode())
    assert client.get("/data/README.txt").content == b"build 1"
    assert client.get("/data/csv/secret.csv").status_code == 404
    assert slow["calls"] == 1


def test_the_previous_files_are_served_while_one_build_makes_the_new_ones(client, slow, plan):
    slow["release"].set()
    client.get("/data/")
    _finish()
    assert client.get("/data/README.txt").content == b"build 1"
    slow["release"].clear()
    slow["version"][0] = "v2"  # something public changed
    page = client.get("/data/")
    assert page.status_code == 200 and "更新中" in page.content.decode()
    assert page["Cache-Control"] == "no-store"  # not kept as the new version's page
    assert client.get("/data/README.txt").content == b"build 1"
    assert client.get("/data/").status_code == 200
    # Another process asking now finds the builder's lock taken and builds nothing.
    background._build(plan, BASE, "v2")
    assert slow["calls"] == 2  # one for v1, one for v2, whatever the requests
    slow["release"].set()
    _finish()
    page = client.get("/data/")
    assert "更新中" not in page.content.decode()
    assert client.get("/data/README.txt").content == b"build 2"
    assert slow["calls"] == 2


def test_a_small_build_is_waited_for_and_served_at_once(client, plan, monkeypatch, settings):
    monkeypatch.setattr(background, "_inline", lambda: False)
    settings.SHINCHOKU_DATA_WAIT = 60
    page = client.get("/data/")
    assert page.status_code == 200 and "更新中" not in page.content.decode()
    assert client.get("/data/shinchoku-data.zip").content.startswith(b"PK")
