"""The open-data pages: /data/ (downloads, licence, how to cite), its files, sitemap, robots."""

from __future__ import annotations

import mimetypes

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_safe

from ..plan.selection import plan_for
from ..versions import cached
from ..web.cache import cached_page
from . import english, geojson, paths, search, structured
from .findability import robots, sitemap
from .licence import citation, licence
from .package import Bundle, build
from .updated import last_updated_date

TYPES = {".csv": "text/csv", ".jsonld": "application/ld+json", ".json": "application/json",
         ".txt": "text/plain", ".zip": "application/zip", ".geojson": "application/geo+json",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def _base(request: HttpRequest) -> str:
    # The site's root for this plan: /plans/<slug> for a plan other than the default.
    return request.build_absolute_uri(get_script_prefix()).rstrip("/")


def bundle(request: HttpRequest) -> Bundle:
    """The open-data files for this site's address, built once per data version."""
    base = _base(request)
    return cached(f"opendata:{base}", lambda: build(plan_for(request), base), public=True)


@require_GET
@cached_page
def data(request: HttpRequest) -> HttpResponse:
    """The downloads with their tables, the licence and how to cite the data."""
    row, found = plan_for(request), bundle(request)
    home = paths.data_url(_base(request))
    language = "en" if (get_language() or "ja").startswith("en") else "ja"
    tables = [
        {"table": t, "rows": len(t.rows), "utf8": paths.utf8_path(t.name),
         "sjis": paths.sjis_path(t.name), "size": len(found.files[paths.utf8_path(t.name)]),
         "title": english.title(t, language), "description": english.description(t, language),
         "columns": english.columns(t, language)}
        for t in found.tables
    ]  # fmt: skip
    layers = [
        {"title": title, "path": paths.geojson_path(name), "name": f"{name}.geojson",
         "size": len(found.files[paths.geojson_path(name)])}
        for name, (title, _text) in geojson.LAYERS.items()
    ]  # fmt: skip
    return render(request, "opendata/data.html", {
        "plan": row, "tables": tables, "layers": layers, "paths": paths, "licence": licence(),
        "citation": citation(row.municipality, row.title, home),
        "updated": last_updated_date(row), "replacements": found.replacements,
        "archive_size": len(found.files[paths.ARCHIVE]),
        "workbook_size": len(found.files[paths.WORKBOOK]),
        "structured": structured.script(
            structured.dataset(row, found.tables, _base(request), last_updated_date(row))
        ),
    })  # fmt: skip


@require_GET
def data_file(request: HttpRequest, path: str) -> HttpResponse:
    """One open-data file (CSV, XLSX, ZIP, datapackage.json, catalog.jsonld)."""
    content = bundle(request).files.get(path)
    if content is None:
        raise Http404
    suffix = "." + path.rsplit(".", 1)[-1]
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=shift_jis" if path.startswith("csv-sjis/") else "; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    if suffix in (".csv", ".zip", ".xlsx"):
        name = path.replace("/", "-") if path.startswith("csv") else path
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"  # harvesters and notebooks read it directly
    return response


@require_GET
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Every public page with its other-language twin (hreflang), for search engines."""
    base = _base(request)

    def make() -> str:
        row = plan_for(request)
        return sitemap(row, lambda path: base + path, last_updated_date(row))

    content = cached(f"sitemap:{base}", make, public=True)
    return HttpResponse(content, content_type="application/xml")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """What crawlers may read, and where the sitemap is."""
    url = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(robots(url), content_type="text/plain; charset=utf-8")


def _index(request: HttpRequest) -> list[dict]:
    row, lang = plan_for(request), get_language()
    return cached(f"search:{row.slug}:{lang}", lambda: search.search_index(row, lang), public=True)


@require_safe
@cached_page(params=("q",))
def search_page(request: HttpRequest) -> HttpResponse:
    """Site search: answered here from the index for ``?q=``, in the browser in the static
    edition (the page's script reads the same index)."""
    q = request.GET.get("q", "")[:100]
    found = search.matches(_index(request), q)
    return render(request, "opendata/search.html", {"q": q, "found": found})


@require_safe
def search_index(request: HttpRequest) -> JsonResponse:
    """The search index of this language (title, kind, relative link, snippet, folded text)."""
    return JsonResponse(_index(request), safe=False, json_dumps_params={"ensure_ascii": False})
