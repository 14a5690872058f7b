"""The open-data pages: /data/ (downloads, licence, how to cite), its files, sitemap, robots."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from ..pagecache import cached_page
from ..plan.selection import plan_for
from ..versions import cached
from . import background, english, geojson, paths, search, structured
from .background import Built
from .findability import robots, sitemap
from .licence import citation, licence
from .updated import last_updated_date

TYPES = {".csv": "text/csv", ".jsonld": "application/ld+json", ".json": "application/json",
         ".txt": "text/plain", ".zip": "application/zip", ".geojson": "application/geo+json",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def _base(request: HttpRequest) -> str:
    # The site's root for this plan: /plans/<slug> for a plan other than the default.
    return request.build_absolute_uri(get_script_prefix()).rstrip("/")


SMALL_FILE = 1 << 20  # bytes: a larger file is streamed from disk, not read into memory


def bundle(request: HttpRequest) -> tuple[Built | None, bool]:
    """The newest open-data files built for this site's address (built off the request,
    ``background``) and whether newer ones are being built."""
    return background.current(plan_for(request), _base(request))


def preparing(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After`` before the first open-data files have been built."""
    message = _(
        "オープンデータのファイルを作成しています。しばらくしてからもう一度お試しください。"
    )
    response = render(request, "web/busy.html", {"message": message}, status=503)
    response["Retry-After"] = str(background.RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@cached_page
def data(request: HttpRequest) -> HttpResponse:
    """The downloads with their tables, the licence and how to cite the data."""
    row, (found, updating) = plan_for(request), bundle(request)
    if found is None:
        return preparing(request)
    home = paths.data_url(_base(request))
    language = "en" if (get_language() or "ja").startswith("en") else "ja"
    tables = [
        {"table": t, "rows": found.rows[t.name], "utf8": paths.utf8_path(t.name),
         "sjis": paths.sjis_path(t.name), "size": found.sizes[paths.utf8_path(t.name)],
         "title": english.title(t, language), "description": english.description(t, language),
         "columns": english.columns(t, language)}
        for t in found.tables
    ]  # fmt: skip
    layers = [
        {"title": title, "path": paths.geojson_path(name), "name": f"{name}.geojson",
         "size": found.sizes[paths.geojson_path(name)]}
        for name, (title, _text) in geojson.LAYERS.items()
        if paths.geojson_path(name) in found.sizes  # the registries': the default plan's
    ]  # fmt: skip
    response = render(request, "opendata/data.html", {
        "plan": row, "tables": tables, "layers": layers, "paths": paths, "licence": licence(),
        "citation": citation(row.municipality, row.title, home),
        "updated": last_updated_date(row), "replacements": found.replacements,
        "archive_size": found.sizes[paths.ARCHIVE],
        "workbook_size": found.sizes[paths.WORKBOOK],
        "built_at": found.stamp, "updating": updating,
        "structured": structured.script(
            structured.dataset(row, found.tables, _base(request), last_updated_date(row))
        ),
    })  # fmt: skip
    if updating:  # the previous files: not kept as this data version's page
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def data_file(request: HttpRequest, path: str) -> HttpResponse:
    """One open-data file (CSV, XLSX, ZIP, datapackage.json, catalog.jsonld)."""
    found, _updating = bundle(request)
    if found is None:
        return preparing(request)
    file = found.path(path)
    if file is None:
        raise Http404
    suffix = "." + path.rsplit(".", 1)[-1]
    kind = TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=shift_jis" if path.startswith("csv-sjis/") else "; charset=utf-8"
    if found.sizes[path] > SMALL_FILE:
        response: HttpResponse | FileResponse = FileResponse(file.open("rb"), content_type=kind)
    else:
        response = HttpResponse(file.read_bytes(), content_type=kind)
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
