"""The version of the data: every change writes an audit entry, so the newest audit id is
the version of *all* data; the *public* version moves only when something the public sees
changes. Caches of pages, files and evaluations key on them (``cached``).

This module sits below every app (observations caches its evaluations here), so it cannot
import what the public sees: ``published.public_fingerprint`` reads every app's models and
is declared here at start-up (``fingerprint_public_data``, called by ``web.apps``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection

from .audit.models import AuditEntry

PAGE_TIMEOUT = 24 * 3600  # keys carry the version, so entries never go stale; this frees memory

_fingerprint: list[Callable[[], str]] = []  # the one declared fingerprint (a list: no global)


def fingerprint_public_data(compute: Callable[[], str]) -> None:
    """Declare how the public data is fingerprinted (once, at start-up)."""
    _fingerprint[:] = [compute]


def data_version() -> int:
    """Changes whenever any data changes (raw SQL: this runs on every cached request)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {AuditEntry._meta.db_table}")
        return cursor.fetchone()[0] or 0


def public_data_version() -> str:
    """Changes only when something the public sees changes (published years, their values,
    commentary and council exchanges, plan versions, listed registry records).

    Worked out once per data version (``published.public_fingerprint``) and shared
    through the cache, so a request still costs one indexed query and one cache read.
    """
    key = f"public-version:{data_version()}"
    found = cache.get(key)
    if found is None:
        if not _fingerprint:
            raise RuntimeError("no public fingerprint declared (web.apps declares it)")
        found = _fingerprint[0]()
        cache.set(key, found, PAGE_TIMEOUT)
    return found


def cached(key: str, compute: Callable[[], Any], timeout: int = 600, public: bool = False) -> Any:
    """``compute()`` once per data version (``public``: per public data version);
    ``key`` must name everything else it depends on."""
    version = f"public:{public_data_version()}" if public else f"data:{data_version()}"
    full = f"{version}:{key}"
    hit = cache.get(full)
    if hit is None:
        hit = compute()
        cache.set(full, hit, PAGE_TIMEOUT if public else timeout)
    return hit
