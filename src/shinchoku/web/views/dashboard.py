"""The workspace's front door: where a login lands, and the dashboard of the year's tasks.

Each app's own workspace pages live in that app (``observations/views``, ``cycle/views``,
``council/views``, ``plan/views``, ``accounts/views``, ``registries/views``); this page only
gathers what every role has to do (``web/tasks.py`` reads the cycle and the registries).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ...accounts.permissions import allowed, restrict, role_of
from ...observations.pages import site_view, workspace_year, year_label
from ...plan.selection import plan_for
from ..tasks import STATE_COLUMNS, tasks


@login_required
@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """Staff go to the workspace; a business (no role) to its own applications."""
    return redirect("web:workspace" if role_of(request.user) else "registries:my")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """My tasks for the year (per role), then every indicator, drafts included."""
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    row = plan_for(request)
    year = workspace_year(row, request.GET.get("year"))
    site = site_view(row, public=False, year=year)
    page, views = site.indicator_page(request.GET.get("page"))  # this page's rows only
    codes = [v.indicator.code for v in views]
    mine = set(
        restrict(
            request.user, row.indicators.filter(code__in=codes), "shinchoku.add_value"
        ).values_list("code", flat=True)
    )
    return render(
        request,
        "web/workspace/dashboard.html",
        {
            "site": site,
            "views": views,
            "page": page,
            "page_query": f"year={site.year}&",  # the page links keep the year shown
            "mine": mine,
            "tasks": tasks(request.user, row, year, timezone.localdate()),
            "columns": STATE_COLUMNS,
            "can_edit": allowed(request.user, "shinchoku.add_value"),
            "published_label": year_label(row.published_year) if row.published_year else "",
            "years": range(row.vision_start, row.period_end + 1),
        },
    )
