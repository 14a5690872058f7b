"""One rule for the page number of every paged list: its one spelling in an address.

A list page (a basic policy's indicators, the dashboard, /plans/, the audit log …) shows page
``?page=N`` of its rows. Every request names the page that takes effect by one address only:
page 1 without ``page``, page N as ``page=N``. Any other spelling is redirected there
(:class:`PageMoved`, answered by ``web.middleware.PagesMoved``) before the page is rendered:

=====================  ===========================================================
asked for              answer
=====================  ===========================================================
``page=1``, ``page=``  301 to the address without ``page``
``page=abc``           301 to the address without ``page`` (not a number: page 1)
``page=02``, ``+2``    301 to ``page=2`` (the same number, spelled one way)
``page=0``, ``-3``     301 to the address without ``page`` (below the first page)
``page=999999``        302 to the last page (302: that page may exist later)
=====================  ===========================================================

Why a redirect rather than the page under the canonical address: a page is cached by its
address (``pagecache``), and whether a number lies beyond the last page is known only once the
list is counted, inside the view. A redirect costs that count, no rendering and no cache entry,
and the canonical page then comes from the cache; the visitor's address bar, bookmarks, the
language links and crawlers all see the page number actually shown. Query parameters a page
does not read are dropped by ``pagecache`` (answered from the canonical entry, no redirect).

The read API (``api.conditional.canonical_query``) respells a number the same way
(:func:`page_param`) but keeps DRF's answer to a page that does not exist (404).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict


class PageMoved(Exception):
    """A page asked for by another spelling than its own: redirect to page ``number``
    (``permanent``: 301, the spelling always means that page; else 302)."""

    def __init__(self, number: int, permanent: bool) -> None:
        super().__init__(f"page {number}")
        self.number = number
        self.permanent = permanent


def page_number(text: str | None) -> int | None:
    """The whole number ``text`` names as Django's Paginator reads it ("2", " 02", "+2": 2),
    or None (missing, empty, not a number)."""
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def page_param(number: int) -> str | None:
    """Page ``number`` as the ``page`` parameter says it: None (no parameter) for the first."""
    return None if number == 1 else str(number)


def page_of(items: Sequence[Any], per_page: int, text: str | None) -> Page:
    """Page ``text`` (``?page=``; None when absent) of ``items``, ``per_page`` a page.

    Raises :class:`PageMoved` unless ``text`` is the page's own spelling: junk and numbers
    below 1 mean page 1, numbers beyond the last page the last page."""
    pages = Paginator(items, per_page)
    asked = page_number(text)
    number = min(max(asked or 1, 1), pages.num_pages)
    if text != page_param(number):
        beyond = asked is not None and asked > pages.num_pages
        raise PageMoved(number, permanent=not beyond)
    return pages.page(number)


def page_query(query: str, number: int) -> str:
    """The query string of page ``number`` of a list filtered by ``query`` (urlencoded,
    without ``page``; a trailing ``&`` is allowed): ``year=2023&page=2``, ``year=2023``."""
    kept = query.strip("&")
    param = page_param(number)
    if param is None:
        return kept
    return f"{kept}&page={param}" if kept else f"page={param}"


def moved_to(request: HttpRequest, number: int, params: dict[str, str] | None = None) -> str:
    """The address of page ``number`` of the list ``request`` asked for, its other query
    parameters kept (those a cached page reads only: ``pagecache`` dropped the rest), or
    ``params`` instead of them."""
    query = QueryDict(mutable=True)
    query.update(request.GET if params is None else params)
    query.pop("page", None)
    kept = page_query(query.urlencode(), number)
    return f"{request.path}?{kept}" if kept else request.path


def filters_moved(request: HttpRequest, filters: dict[str, str]) -> str | None:
    """Where a filtered list's request belongs when it spells its filters otherwise than
    ``filters``, the ones in force (blank fields of the form, stray spaces, an unknown value):
    their one address, on the page asked for; None when it already is that address.

    Answered with a 301 by the list's view (/plans/, the audit log)."""
    asked = {name: value for name, value in request.GET.items() if name != "page"}
    if asked == filters:
        return None
    return moved_to(request, max(page_number(request.GET.get("page")) or 1, 1), filters)
