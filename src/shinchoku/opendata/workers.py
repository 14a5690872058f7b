"""The reports of a static build, rendered by a second process while the pages are crawled.

The annual reports (PDF, Word, Excel, HTML in each language) are most of a build's work
and need nothing from the crawl, so on a machine with two cores a forked worker renders
them through the same views while this process crawls (``SHINCHOKU_SITE_WORKERS=0``
renders them in this process). When the crawl is done first, it takes back the reports the
worker has not started (the last in its order), so on a small plan both cores finish about
together. Same code, same data, same ``SOURCE_DATE_EPOCH``: the bytes
do not depend on which process rendered them. A worker is only forked when its own
database connection would see the same data: not for an in-memory SQLite database, and
not inside a transaction (the tests'), where the reports are rendered here as before.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ..plan.models import Plan
from ..reports import FORMATS
from .findability import LANGS  # the languages a static build writes


def report_paths(row: Plan) -> list[str]:
    """The addresses of the published years' reports in every format and language."""
    years = [y for y in range(row.period_start, row.period_end + 1) if row.is_published(y)]
    out = []
    for code in LANGS:
        with translation.override(code):
            out += [reverse("web:report", args=[y, fmt]) for y in years for fmt in FORMATS]
    return out


def can_fork() -> bool:
    """Whether a forked worker would read the same committed data through a connection
    of its own (and the site allows one: ``SHINCHOKU_SITE_WORKERS``)."""
    if getattr(settings, "SHINCHOKU_SITE_WORKERS", 1) < 1 or os.cpu_count() in (None, 1):
        return False
    if "fork" not in multiprocessing.get_all_start_methods() or connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def _render(host: str, path: str) -> tuple[int, str, bytes]:
    """In the worker: one address rendered as the crawl would (status, type, body)."""
    response = Client(HTTP_HOST=host).get(path)
    return response.status_code, response.get("Content-Type", ""), response.content


class ReportWorker:
    """The reports of a build, rendered in a forked process (or nowhere: ``has`` is False
    and the crawl renders them itself)."""

    def __init__(self, prefix: str, paths: list[str], host: str) -> None:
        self.prefix, self.paths, self.host = prefix, paths, host
        self.pool: ProcessPoolExecutor | None = None
        self.futures: dict[str, Future[tuple[int, str, bytes]]] = {}
        self.order: list[str] = []

    def __enter__(self) -> ReportWorker:
        if self.paths and can_fork():
            connections.close_all()  # the worker opens its own (a socket cannot be shared)
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            # The heaviest first (PDF), so the crawl rarely waits at its end.
            self.order = sorted(self.paths, key=lambda p: (not p.endswith(".pdf"), p))
            self.futures = {
                p: self.pool.submit(_render, self.host, self.prefix + p) for p in self.order
            }
        return self

    def has(self, path: str) -> bool:
        """Whether the worker renders ``path``."""
        return path in self.futures

    def pick(self, waiting: list[str]) -> str:
        """The waiting report the worker would render last (taken out of ``waiting``): the
        one the crawl takes back first when it has nothing else to do."""
        last = max(waiting, key=self.order.index)
        waiting.remove(last)
        return last

    def result(self, path: str) -> tuple[int, str, bytes] | None:
        """The worker's response for ``path`` (waiting for it), or None when the worker had
        not started it: it is taken back, and the crawl renders it."""
        future = self.futures.pop(path)
        if future.cancel():
            return None
        return future.result()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
