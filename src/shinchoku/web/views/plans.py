"""The cross-plan pages: every plan's indicators and verdicts, one indicator compared."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ...pagecache import cached_page
from ...paging import filters_moved, page_of
from ...plan import models
from .. import crossplan


def _unprefixed(request: HttpRequest) -> HttpResponse | None:
    """The cross-plan pages belong to no plan: under /plans/<slug>/ they move to the root."""
    slug = getattr(request, "plan_slug", None)
    if not slug:
        return None
    return redirect(request.get_full_path().replace(f"/plans/{slug}", "", 1))


@require_safe
@cached_page(params=("municipality", "field", "status", "page"))
def plans(request: HttpRequest) -> HttpResponse:
    """Every plan in the store with its indicators and verdicts, filtered by municipality,
    policy field and status (web/crossplan.py), a page of plans at a time."""
    if (moved := _unprefixed(request)) is not None:
        return moved
    filters = crossplan.Filters.from_query(request.GET)
    if moved := filters_moved(request, filters.query()):  # blank fields, unknown status, spaces
        return redirect(moved, permanent=True)
    found = crossplan.plans(filters.municipality)
    if filters.municipality and not found:
        raise Http404  # no plan of such a municipality (and no cache entry per made-up code)
    shown = page_of(found, crossplan.PLANS_PER_PAGE, request.GET.get("page"))
    owners = models.Owner.objects.filter(plans__isnull=False).distinct()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "listing": crossplan.listing(filters, shown.object_list),
        "plans": [(p, crossplan.plan_url(p, reverse("web:home"))) for p in shown.object_list],
        "page": shown,
        "query": query.urlencode(),
        "owners": [(crossplan.owner_key(o), o) for o in owners],
        "statuses": crossplan.STATUSES,
        "shared": crossplan.shared_codes(),
    }
    return render(request, "web/plans.html", context)


@require_safe
@cached_page
def compare(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator (by code) across every plan that has it, one table per unit."""
    if (moved := _unprefixed(request)) is not None:
        return moved
    groups = crossplan.comparison(code)
    if not groups:
        raise Http404
    first = groups[0][1][0].view.indicator
    return render(request, "web/compare.html", {"code": code, "indicator": first, "groups": groups})
