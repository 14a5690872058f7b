"""Whole-page caching for public pages, invalidated by any change to the data.

Every change writes an audit entry, so the newest audit id is the data's version:
one indexed query per request tells every server process whether its copy is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from ..audit.models import AuditEntry


def data_version() -> int:
    """Changes whenever any data changes (raw SQL: this runs on every cached request)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {AuditEntry._meta.db_table}")
        return cursor.fetchone()[0] or 0


def cached(key: str, compute: Callable[[], Any], timeout: int = 600) -> Any:
    """``compute()`` once per data version; ``key`` must name everything else it depends on."""
    full = f"data:{data_version()}:{key}"
    hit = cache.get(full)
    if hit is None:
        hit = compute()
        cache.set(full, hit, timeout)
    return hit


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a rendered page from the cache while the data is unchanged."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = f"page:{data_version()}:{get_language()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            cache.set(key, (response.content, response["Content-Type"]), 600)
        return response

    return wrapper
