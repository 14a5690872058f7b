"""One builder at a time for an expensive cached value, across threads and server processes.

When the public data changes, every server process finds its cached pages stale at the same
moment; without a lock each would rebuild the same page (a second of evaluation each) while
the requests queue behind them. ``one_builder`` lets exactly one build; the others serve the
previous copy meanwhile (``pagecache``).

With the file cache (``serve``'s default) the lock is an ``flock`` on a file beside the
cache: atomic across processes, and released by the kernel if the builder dies. Django's
``FileBasedCache.add`` is not atomic (it checks, then writes), so it cannot be the lock.
Any other cache (per-process memory, Redis, the database) offers an atomic ``add``.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

LOCK_SECONDS = 300  # a builder that never finishes (killed) frees an ``add`` lock after this
LOCK_FILES_DIGITS = 3  # at most 16**3 = 4,096 lock files


def _lock_dir() -> Path | None:
    """The folder of the lock files when the cache is a folder of files, else None."""
    config = settings.CACHES["default"]
    if not config["BACKEND"].endswith("FileBasedCache"):
        return None
    return Path(config["LOCATION"]) / "locks"


@contextmanager
def one_builder(name: str) -> Iterator[bool]:
    """Yields True to the one caller that may build ``name`` now, False to every other
    caller until that one leaves the block."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    folder = _lock_dir()
    if folder is None:
        key = f"building:{digest}"
        mine = cache.add(key, os.getpid(), LOCK_SECONDS)
        try:
            yield mine
        finally:
            if mine:
                cache.delete(key)
        return
    folder.mkdir(parents=True, exist_ok=True)
    # A fixed set of lock files, however many pages visitors ask for: two pages sharing one
    # only means one of them is served from its previous copy a moment longer.
    fd = os.open(folder / f"{digest[:LOCK_FILES_DIGITS]}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True  # closing the file below releases the lock
    finally:
        os.close(fd)
