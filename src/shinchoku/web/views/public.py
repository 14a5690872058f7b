"""Public pages: anonymous, published data only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from ...core.i18n import plain
from ...council.services import exchanges
from ...cycle.review import output_rows
from ...cycle.services import published_sheets
from ...exports import csv_text, workbook_bytes
from ...observations.pages import IndicatorView, SiteView, lang, plan_view, site_view
from ...opendata import structured
from ...opendata.templatetags.opendata import updated_on
from ...pagecache import cached_page
from ...plan.selection import plan_for


def _public(request: HttpRequest) -> SiteView:
    return site_view(plan_for(request), public=True)


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    """The vision, its four basic policies and each one's indicator at a glance."""
    return render(request, "web/home.html", {"site": _public(request)})


@require_safe
@cached_page(params=("page",))
def policy(request: HttpRequest, code: str) -> HttpResponse:
    """A basic policy: its measures, priority projects and indicator."""
    site = _public(request)
    found = next((p for p in site.plan.policies if p.code == code), None)
    if found is None:
        raise Http404
    talk = exchanges(site.row, public=True, item_kind="policy", item_code=code)
    page, views = site.for_policy(code, request.GET.get("page"))
    context = {"site": site, "policy": found, "page": page, "views": views, "exchanges": talk}
    # Each measure with its priority projects; a plan without measures shows no section.
    context["measures"] = [(m, site.projects_for(m.code)) for m in found.measures]
    return render(request, "web/policy.html", context)


@require_safe
@cached_page(params=("page",))
def measure(request: HttpRequest, code: str) -> HttpResponse:
    """A measure (施策の柱): its basic policy, the indicators that measure that policy and
    the priority projects that serve the measure."""
    site = _public(request)
    found = next(
        ((pol, m) for pol in site.plan.policies for m in pol.measures if m.code == code), None
    )
    if found is None:
        raise Http404
    policy, item = found
    context = {
        "site": site,
        "policy": policy,
        "measure": item,
        "projects": site.projects_for(code),
    }
    # The basic policy's indicators (they measure the measure too), a page at a time.
    context["page"], context["views"] = site.for_policy(policy.code, request.GET.get("page"))
    return render(request, "web/measure.html", context)


def _indicator(request: HttpRequest, code: str) -> tuple[SiteView, IndicatorView]:
    site = _public(request)
    view = site.indicator(code)
    if view is None:
        raise Http404
    return site, view


@require_safe
@cached_page
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator: chart, values with their sources, definition and method."""
    site, view = _indicator(request, code)
    policy = next(p for p in site.plan.policies if p.code == view.indicator.policy)
    table = site.table(view)
    context = {
        "site": site,
        "view": view,
        "policy": policy,
        "projects": site.projects_for_policy(policy.code),
        "table": table,
        "exchanges": exchanges(site.row, public=True, item_kind="indicator", item_code=code),
        "structured": structured.script(_dataset(request, site, view, table)),
    }
    return render(request, "web/indicator.html", context)


def _dataset(request: HttpRequest, site: SiteView, view: IndicatorView, table: list[dict]) -> dict:
    """The page's downloads as a schema.org Dataset (the years its rows cover)."""
    code = view.indicator.code
    urls = {
        "page": request.build_absolute_uri(),
        "csv": request.build_absolute_uri(reverse("web:indicator-csv", args=[code])),
        "xlsx": request.build_absolute_uri(reverse("web:indicator-xlsx", args=[code])),
    }
    years = [t["row"].year for t in table if t["row"].role != "withdrawn"]
    return structured.indicator_dataset(
        site.plan, view.indicator, years, urls, updated_on(site.row), lang()
    )


# The downloads' columns, stable across languages (documented in docs/web.md).
VALUE_COLUMNS = ("year", "year_label", "value", "unit", "role", "role_label", "source", "edition",
                 "published_on")  # fmt: skip


def value_rows(site: SiteView, view: IndicatorView) -> tuple[list[str], list[list[object]]]:
    """The values table as the page shows it, for the downloads, without withdrawn values
    (the page lists them as withdrawn; the data that can be reused is what stands).

    The header is the same stable column codes in every language (docs/web.md); the labels
    (``year_label``, ``unit``, ``role_label``) are in the page's language."""
    unit = plain(view.indicator, "unit", lang())
    rows = [
        [
            t["row"].year,
            t["year_label"],
            t["row"].value,
            unit,
            t["row"].role,
            t["role_label"],
            t["row"].source,
            t["row"].edition,
            t["row"].published_on.isoformat() if t["row"].published_on else "",
        ]
        for t in site.table(view)
        if t["row"].role != "withdrawn"  # open data carries the values that stand
    ]
    return list(VALUE_COLUMNS), rows


@require_safe
def indicator_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The indicator's values as CSV (UTF-8 with BOM, so Excel reads the Japanese)."""
    header, rows = value_rows(*_indicator(request, code))
    text = csv_text(header, [[*r[:2], str(r[2]), *r[3:]] for r in rows])
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}.csv"'
    return response


@require_safe
def indicator_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The indicator's values as an Excel workbook, numbers as numbers."""
    header, rows = value_rows(*_indicator(request, code))
    book = Workbook()
    sheet = book.active
    sheet.title = code[:31]
    sheet.append(header)
    for r in rows:
        sheet.append([r[0], r[1], float(r[2]), *r[3:]])
    response = HttpResponse(
        workbook_bytes(book),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{code}.xlsx"'
    return response


@require_safe
@cached_page
def project(request: HttpRequest, number: int) -> HttpResponse:
    """A priority project: measures, summary, lead division and partners."""
    site = _public(request)
    found = next((p for p in site.plan.projects if p.number == number), None)
    if found is None:
        raise Http404
    measures = [m for p in site.plan.policies for m in p.measures if m.code in found.measures]
    orgs = {o.code: o for o in site.plan.organisations}
    row = site.row.projects.get(number=number)
    policy = next(
        p for p in site.plan.policies if found.measures[0] in [m.code for m in p.measures]
    )
    return render(
        request,
        "web/project.html",
        {
            "site": site,
            "project": found,
            "measures": measures,
            "policy": policy,
            "lead": orgs.get(found.lead or ""),
            "partners": [orgs[code] for code in found.partners if code in orgs],
            "sheets": [(s, output_rows(row, s.year)) for s in published_sheets(row)],
            "exchanges": exchanges(
                site.row, public=True, item_kind="project", item_code=str(number)
            ),
        },
    )


@require_safe
@cached_page(params=("page",))
def methods(request: HttpRequest) -> HttpResponse:
    """How the numbers are computed, the rating scale and the sources (a page of them)."""
    site = plan_view(plan_for(request))
    page = site.indicator_page(request.GET.get("page"))
    return render(request, "web/methods.html", {"site": site, "page": page})
