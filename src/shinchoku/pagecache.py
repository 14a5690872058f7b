"""Caching of public pages and files, keyed by the version of the data they show.

Every change writes an audit entry, so the newest audit id is the version of *all* data: one
indexed query per request tells every server process whether its copy is stale. Public pages
and public files use the *public* data version instead (``public_data_version``), which only
moves when something the public sees changes, so sign-ups, drafts and other private changes
keep them cached. Nothing personal is ever stored or served from the page cache: a request
with pending messages (django.contrib.messages) bypasses it, and only pages rendered for an
anonymous visitor, without a CSRF token or a cookie, are stored. Query parameters a page does
not declare are dropped before the page is rendered, so ``?x=random`` cannot bypass the cache;
a page number spelled otherwise than its page's own (``?page=01``, ``abc``, beyond the last)
redirects before anything is built or stored (``paging.py``).

A page is one cache entry: its public data version with the content. When the public data
changes, one process at a time rebuilds a page shown before (``buildlock``); while it does,
the others serve that page's previous copy to anonymous visitors rather than build it too (a
signed-in user, who may have just made the change, waits for the new one). A page nobody has
seen yet is built by whoever asks first; a page that is gone (404) leaves no copy behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language

from .buildlock import one_builder
from .versions import PAGE_TIMEOUT, public_data_version


def _has_messages(request: HttpRequest) -> bool:
    """Whether a flash message waits for this visitor (counting does not consume it)."""
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _served(entry: tuple[str, bytes, str]) -> HttpResponse:
    _, content, content_type = entry
    return HttpResponse(content, content_type=content_type)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a rendered page is the same for every visitor and so may be shared."""
    return (
        response.status_code == 200
        and not _signed_in(request)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form with a CSRF token
        and not response.cookies
        and not _has_messages(request)
        and "no-store" not in response.get("Cache-Control", "")  # e.g. older files shown
    )


def keep_only(
    request: HttpRequest, params: Iterable[str], values: Mapping[str, str | None] | None = None
) -> str:
    """Drop undeclared query parameters from the request; the canonical query string.

    ``values`` gives a parameter's canonical value instead of the one sent (None: drop it,
    e.g. a default spelled out), so every spelling of one page has one query string. A
    parameter sent twice keeps its last value, the one ``request.GET.get`` reads."""
    kept = QueryDict(mutable=True)
    values = values or {}
    for name in sorted(params):
        if name in values:
            if values[name] is not None:
                kept[name] = values[name]
        elif name in request.GET:
            kept[name] = request.GET[name]
    query = kept.urlencode()
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = query  # what get_full_path() (language links) shows
    return query


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, params: Iterable[str] = ()
) -> Any:
    """Serve a public page from the cache while the published data is unchanged.

    ``params`` names the query parameters the page reads; any other is ignored (and not
    passed to the view), so the key is the site's address (scheme and host), the path, the
    language and those parameters only.
    """
    if view is None:
        return lambda v: cached_page(v, params=params)
    names = tuple(params)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = keep_only(request, names)
        if _has_messages(request):  # shown once, to this visitor only: never cached
            response = view(request, *args, **kwargs)
            response["Cache-Control"] = "private, no-store"
            return response
        # The scheme and host are part of the key: a page may name its own absolute address
        # (structured data, the feeds), which must not be served to another host or base URL.
        key = f"page:{get_language()}:{request.scheme}://{request.get_host()}{request.path}?{query}"
        version = public_data_version()
        kept = cache.get(key)  # (public version, content, content type)
        if kept is not None and kept[0] == version:
            return _served(kept)
        # Never built, or a signed-in user (who may have just changed it): build it now.
        if kept is None or _signed_in(request):
            return build(request, key, version, *args, **kwargs)
        with one_builder(key) as mine:
            if not mine:
                # Another process is building this page for the new data: the previous copy
                # for the second it takes, rather than every process building it at once.
                return _served(kept)
            done = cache.get(key)
            if done is not None and done[0] == version:  # built while we waited for the lock
                return _served(done)
            return build(request, key, version, *args, **kwargs)

    def build(request: HttpRequest, key: str, version: str, *args: Any, **kwargs: Any) -> Any:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            cache.delete(key)  # gone: no previous copy to serve either
            raise
        if _storable(request, response):
            cache.set(key, (version, response.content, response["Content-Type"]), PAGE_TIMEOUT)
        elif not _signed_in(request):
            cache.delete(key)  # no longer shareable: no previous copy either
        return response

    return wrapper
