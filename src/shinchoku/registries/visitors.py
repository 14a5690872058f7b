"""The visitor languages: which pages the site serves in Simplified Chinese and Korean.

==============  ===============================================================
languages       zh-hans (简体中文) and ko (한국어), besides ja and en
pages           the brand products, shops, direct-sales places and walking
                courses (VISITOR_PAGES): what a visitor reads; the plan, its
                evaluation and the workspace are Japanese and English only
elsewhere       a request for another page in a visitor language is
                redirected to the same page in Japanese (302), and no page
                links to it in those languages
offered         a page is offered (language switcher, ``hreflang``, sitemap)
                in a visitor language when its own text exists there: a
                course needs its name in that language; the lists and the
                product, shop and place pages always (their interface is
                translated; names, addresses and hours have no zh/ko field and
                are shown in Japanese marked ``lang="ja"``)
data            a registry field ``<name>_zh`` / ``<name>_ko`` holds the text;
                an empty one shows the Japanese, marked ``lang="ja"``
==============  ===============================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation

VISITOR_LANGUAGES = ("zh-hans", "ko")
# Every language the visitor pages come in, with its name written in that language.
LANGUAGE_NAMES = {"ja": "日本語", "en": "English", "zh-hans": "简体中文", "ko": "한국어"}
VISITOR_PAGES = frozenset(
    f"registries:{name}"
    for name in ("catalogue", "product", "photo", "shops", "shop", "places", "guide-map",
                 "courses", "course")
)  # fmt: skip

# The templates a visitor page renders: each of their messages needs a zh-hans and a ko
# translation (scripts/translations reports the missing ones, a test fails on them).
VISITOR_TEMPLATES = (
    "web/templates/web/base.html",
    *(f"registries/templates/registries/{name}.html" for name in (
        "base", "catalogue", "product", "shops", "shop", "places", "courses", "course",
        "_map", "_nav", "_sample", "guide_map_pdf")),
)  # fmt: skip


def data_code(language: str) -> str:
    """The suffix of a registry field in ``language``: zh-hans → zh."""
    return language.split("-")[0]


def page_name(path: str) -> tuple[str, dict[str, Any]] | None:
    """The URL name (``registries:course``) and arguments of a path, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def offered(name: str, kwargs: dict[str, Any]) -> tuple[str, ...]:
    """The languages the page ``name`` with ``kwargs`` is offered in (see the table above)."""
    if name not in VISITOR_PAGES:
        return ("ja", "en")
    if name == "registries:course":
        from .models import Course

        course = Course.objects.filter(slug=kwargs.get("slug"), listed=True).first()
        names = [
            getattr(course, f"name_{data_code(c)}", "") if course else "" for c in VISITOR_LANGUAGES
        ]
        return ("ja", "en", *(c for c, name in zip(VISITOR_LANGUAGES, names, strict=True) if name))
    return ("ja", "en", *VISITOR_LANGUAGES)


def page_path(name: str, kwargs: dict[str, Any], language: str) -> str:
    """The path of the page ``name`` in ``language`` (/courses/a/, /zh-hans/courses/a/)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def alternates(request: HttpRequest) -> list[dict[str, Any]]:
    """The current page in each language it is offered in (and the current one), for the
    switcher (``path``) and the ``hreflang`` links (absolute ``url``): code, name, whether it
    is this one."""
    found = page_name(request.path_info)
    current = translation.get_language() or "ja"
    if found is None:
        return []
    name, kwargs = found
    codes = offered(name, kwargs)
    codes += (current,) if current not in codes and current in LANGUAGE_NAMES else ()
    query = request.META.get("QUERY_STRING", "")
    out = []
    for code in codes:
        path = page_path(name, kwargs, code) + (f"?{query}" if query else "")
        url = request.build_absolute_uri(path)
        out.append({"code": code, "name": LANGUAGE_NAMES[code], "path": path, "url": url,
                    "current": code == current})  # fmt: skip
    return out


class VisitorLanguages:
    """Serves a page in zh-hans or ko only when it is a visitor page; any other page asked
    for in those languages is redirected to its Japanese twin (after LocaleMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if translation.get_language() in VISITOR_LANGUAGES:
            found = page_name(request.path_info)
            if found is not None and found[0] not in VISITOR_PAGES:
                return HttpResponseRedirect(translate_url(request.get_full_path(), "ja"))
        return self.get_response(request)
