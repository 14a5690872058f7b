"""The open-data bundle for the web, built off the request (issue #16: no request does work
proportional to the whole history).

The bundle (every table as CSV, the workbook, the ZIP: 110 MB, minutes on a large store) is
built by one daemon thread of one server process at a time (``buildlock.one_builder``), and
kept on disk under the cache folder, one file per download, so a file is streamed from disk
rather than unpickled from a 110 MB cache entry on every request. The cache holds only a
small record of the newest build (``Built``: its folder, data version, time, sizes, table
summaries), shared by every worker. Requests serve the newest bundle built, even for an older
data version (the page says which, and "更新中" while a newer one is built); before the first
one exists they get a 503 with ``Retry-After``. A small build (the previous one took under a
second, or there was none and this request started it) is waited for a few seconds, so a
small plan's visitors see the new files at once, as before. Inside a transaction (the tests)
or with ``SHINCHOKU_DATA_INLINE`` (the static site), the bundle is built in the request.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection

from ..buildlock import one_builder
from ..plan.models import Plan
from ..versions import public_data_version
from . import encode, package
from .schema import Table

SMALL_SECONDS = 1.0  # a build that took less is "small": the next one is waited for
RETRY_AFTER = 30  # seconds, on the 503 before the first bundle exists
KEPT_BUILDS = 2  # folders kept per site: the newest and the one a reader may still be on

_threads: dict[str, threading.Thread] = {}  # per site address: this process's builder
_guard = threading.Lock()
_root: list[Path] = []  # the folder of bundles when the cache is per process


@dataclass(frozen=True)
class Built:
    """One bundle on disk: what the /data/ page shows of it, and where its files are."""

    folder: str
    version: str  # the public data version it reflects
    built_at: datetime.datetime
    seconds: float
    sizes: dict[str, int]  # bytes by path under /data/
    rows: dict[str, int]  # rows by table name
    tables: list[Table]  # without their rows (``rows`` counts them)
    replacements: list[encode.Replacement]
    stamp: datetime.datetime

    def path(self, name: str) -> Path | None:
        """The file of ``name`` (a path the bundle holds, so nothing outside the folder)."""
        return Path(self.folder) / name if name in self.sizes else None


def _key(base: str) -> str:
    return "opendata-built:" + hashlib.sha256(base.encode()).hexdigest()[:32]


def _folder(base: str) -> Path:
    """Where this site's bundles are written: beside the file cache, shared by the workers."""
    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("FileBasedCache"):
        root = Path(config["LOCATION"]) / "data"
    else:
        if not _root:
            _root.append(Path(tempfile.mkdtemp(prefix="shinchoku-data-")))
        root = _root[0]
    return root / hashlib.sha256(base.encode()).hexdigest()[:16]


def newest(base: str) -> Built | None:
    """The newest bundle built for the site at ``base``, whatever data version it reflects."""
    found = cache.get(_key(base))
    if found is None or not Path(found.folder).is_dir():
        return None
    return found


def _write(row: Plan, base: str, version: str) -> Built:
    """Build the bundle, write it to a new folder, record it as the newest, drop old ones."""
    began = time.monotonic()
    bundle = package.build(row, base)
    seconds = time.monotonic() - began
    site = _folder(base)
    folder = site / f"{time.time_ns()}-{hashlib.sha256(version.encode()).hexdigest()[:8]}"
    for name, data in bundle.files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    built = Built(
        folder=str(folder),
        version=version,
        built_at=datetime.datetime.now(datetime.UTC),
        seconds=seconds,
        sizes={name: len(data) for name, data in bundle.files.items()},
        rows={t.name: len(t.rows) for t in bundle.tables},
        tables=[dataclasses.replace(t, rows=[]) for t in bundle.tables],
        replacements=bundle.replacements,
        stamp=bundle.stamp,
    )
    cache.set(_key(base), built, None)
    for old in sorted(p for p in site.iterdir() if p.is_dir())[:-KEPT_BUILDS]:
        shutil.rmtree(old, ignore_errors=True)
    return built


def _build(row: Plan, base: str, version: str) -> None:
    """Build unless another thread or process is at it, or it was built meanwhile.
    ``version`` is the one the request saw: the data read is as new or newer, so at worst
    the next request builds once more."""
    with one_builder(f"opendata-bundle:{base}") as mine:
        if not mine:
            return
        found = newest(base)
        if found is None or found.version != version:
            _write(row, base, version)


def _in_thread(row: Plan, base: str, version: str) -> None:
    close_old_connections()
    try:
        _build(row, base, version)
    finally:
        connection.close()


def _inline() -> bool:
    return connection.in_atomic_block or getattr(settings, "SHINCHOKU_DATA_INLINE", False)


def current(row: Plan, base: str) -> tuple[Built | None, bool]:
    """The bundle to serve for the site at ``base`` and whether a newer one is being built.

    Never builds in the request (but inline, see the module): starts the background build
    when the data changed, waits a few seconds for a small one, else answers with what is
    there (None before the first bundle)."""
    found = newest(base)
    version = public_data_version()
    if found is not None and found.version == version:
        return found, False
    if _inline():
        _build(row, base, version)
        found = newest(base)
        return found, found is None or found.version != version
    with _guard:
        thread = _threads.get(base)
        started = thread is None or not thread.is_alive()
        if started:
            thread = threading.Thread(target=_in_thread, args=(row, base, version), daemon=True)
            _threads[base] = thread
            thread.start()
    # The first build's size is unknown: its first request waits; the others, while it
    # runs, answer at once.
    if (found is None and started) or (found is not None and found.seconds < SMALL_SECONDS):
        thread.join(settings.SHINCHOKU_DATA_WAIT)
        found = newest(base)
    return found, found is None or found.version != version
