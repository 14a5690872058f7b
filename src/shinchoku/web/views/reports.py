"""The report buttons: the same files ``shinchoku report`` writes, for a year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_safe

from ...accounts.permissions import allowed
from ...observations.pages import lang, plan_year
from ...plan.selection import plan_for
from ...reports import FORMATS, filename, render
from ...reports.context import load_context
from ...versions import cached


def _report(request: HttpRequest, year: int, fmt: str, public: bool) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    row, language = plan_for(request), lang()

    def build() -> tuple[bytes, str]:
        context = load_context(row, year, lang=language)
        return render(context, fmt), filename(context, fmt)

    content, name = cached(f"report:{row.slug}:{year}:{fmt}:{language}", build, public=public)
    response = HttpResponse(content, content_type=FORMATS[fmt].media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def public(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """A published year's report, for anyone."""
    row = plan_for(request)
    if plan_year(row, year) is None or not row.is_published(year):
        raise Http404
    return _report(request, year, fmt, public=True)


@login_required
@require_GET
def workspace(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """Any year's report, drafts marked 「案」, for staff and the council."""
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    if plan_year(plan_for(request), year) is None:
        raise Http404
    return _report(request, year, fmt, public=False)
