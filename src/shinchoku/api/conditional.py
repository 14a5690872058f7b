"""What the read API's lists share: pages, the year filter, ETags and conditional GET.

Every list shows the public view (what the public pages show), so its ETag is the
*public* data version (``versions.public_data_version``) with the request's address and
language: a draft, a sign-up or an application under review never changes it, and a client
that sends ``If-None-Match`` gets ``304 Not Modified`` until something public changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from ..core.calendar import YearParseError, parse_year
from ..ingest.errors import InputError
from ..pagecache import keep_only
from ..paging import page_number, page_param
from ..plan.models import Plan
from ..plan.services import require_plan_year
from ..versions import cached, data_version, public_data_version


class Pages(PageNumberPagination):
    """``?page=N`` and ``?page_size=N`` (50 by default, at most 200)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# What every list reads of the query; a list adds its own (``ReadList.params``).
COMMON_PARAMS = ("plan", "year", "lang", "format", "page", "page_size")


def canonical_query(request: Request, params: Iterable[str]) -> None:
    """Keep only the list's own query parameters, in one order, with the page and its size
    as they take effect (page 1 and the default size unnamed), as ``pagecache`` does for
    pages: ``?page=1&x=random`` is the list's first page, with its ETag and cache entry, and
    ``?page=02`` is ``?page=2`` (``paging.page_param``; a page that is not a number stays
    as sent, for DRF's 404); a year as its number (``?year=R5`` is ``?year=2023``)."""
    size = Pages().get_page_size(request)
    page = request.query_params.get("page", "").strip()
    number = page_number(page)
    keep_only(
        request._request,
        params,
        {
            "page": (page or None) if number is None else page_param(number),
            "page_size": None if size == Pages.page_size else str(size),
            "year": _year_number(request.query_params.get("year", "")),
        },
    )


def _year_number(text: str) -> str | None:
    """``?year=`` as the number of the year it names (None: not given); a text that names
    no year stays as sent, for the 400 that explains it."""
    text = text.strip()
    if not text:
        return None
    try:
        return str(parse_year(text).year)
    except YearParseError:
        return text


YEAR = OpenApiParameter(
    "year",
    str,
    description="2024, 令和6年度, R6 …: only that fiscal year; a year outside the vision"
    " period is refused (400)",
)
LANG = OpenApiParameter(
    "lang",
    str,
    description="language of names and labels: ja (default) or en; or Accept-Language",
)


def year_param(request: Request, row: Plan) -> int | None:
    """The ``year`` asked for (None: every year); 400 unless it lies in the vision period."""
    text = request.query_params.get("year", "").strip()
    if not text:
        return None
    try:
        year = parse_year(text).year
        require_plan_year(row, year, "year")
    except YearParseError as err:
        raise ValidationError({"year": [str(err)]}) from None
    except InputError as err:
        raise ValidationError({p.where: [p.message] for p in err.problems}) from None
    return year


def etag(request: Request, lang: str, public: bool = True) -> str:
    """The list's entity tag: the public data version (``public``: the caller sees only the
    public view; else the version of all data), the full address and the language."""
    version = public_data_version() if public else f"data:{data_version()}"
    key = f"{version}|{request.build_absolute_uri()}|{lang}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def matches(request: Request, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (weak or strong) or is ``*``."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    given = {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}
    return "*" in given or tag in given


def conditional(
    request: Request, lang: str, compute: Callable[[], Any], public: bool = True
) -> Response:
    """``304`` when the client holds the current version; else the body (computed once per
    public data version, or per data version for a caller who sees more than the public
    view: ``public`` False) with its ``ETag``."""
    tag = etag(request, lang, public)
    headers = {"ETag": tag, "Vary": "Accept-Language"}
    if not public:  # what staff may see (drafts) is never kept by a shared cache
        headers |= {"Vary": "Accept-Language, Cookie, Authorization", "Cache-Control": "private"}
    if matches(request, tag):
        return Response(status=304, headers=headers)
    body = cached(f"api-read:{tag}", compute, public=public)
    return Response(body, headers=headers)
