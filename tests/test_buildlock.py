"""One builder at a time, across threads and processes, with the file cache and in memory."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from shinchoku.buildlock import one_builder


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }}  # fmt: skip


@pytest.mark.parametrize("kind", ["file", "memory"])
def test_only_one_caller_builds_at_a_time(kind, request):
    if kind == "file":
        request.getfixturevalue("file_cache")
    with (
        one_builder("page:/") as first,
        one_builder("page:/") as second,
        one_builder("page:/en/") as other,
    ):
        assert (first, second, other) == (True, False, True)
    with one_builder("page:/") as after:
        assert after is True  # released when the builder left


def _hold(report, wait) -> None:
    with one_builder("page:/") as mine:
        report.send(mine)
        wait.recv()


def test_a_builder_in_another_process_holds_the_lock_until_it_dies(file_cache):
    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("fork").Process(target=_hold, args=(theirs, theirs))
    child.start()
    try:
        assert ours.recv() is True
        with one_builder("page:/") as mine:
            assert mine is False
        os.kill(child.pid, signal.SIGKILL)  # killed while building: the kernel frees the lock
        child.join(10)
        with one_builder("page:/") as mine:
            assert mine is True
    finally:
        if child.is_alive():
            child.kill()
