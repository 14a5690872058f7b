"""The secretariat's measure reviews (施策の柱の評価・課題・方向性) and the year's 総括."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...accounts.permissions import allowed
from ...ingest.errors import InputError
from ...observations.pages import plan_year
from ...observations.years import staff_default_year
from ...plan.selection import plan_for
from .. import papers


@login_required
@require_http_methods(["GET", "POST"])
def reviews(request: HttpRequest) -> HttpResponse:
    """Every measure of the year with its review boxes, and the 総括 (secretariat only)."""
    if not allowed(request.user, "shinchoku.write_measure_review"):
        raise PermissionDenied(_("施策の柱の評価を書けるのは事務局だけです"))
    plan = plan_for(request)
    year = plan_year(plan, request.GET.get("year")) or max(
        staff_default_year(plan), plan.period_start
    )
    measures = papers.measure_codes(plan)
    if request.method == "POST":
        saved = 0
        try:
            for code, _title in measures:
                fields = {k: request.POST.get(f"{k}-{code}", "") for k in papers.REVIEW_FIELDS}
                saved += (
                    papers.save_measure_review(plan, year, code, fields, request.user) is not None
                )
            overview = request.POST.get("overview", "")
            saved += papers.save_overview(plan, year, overview, request.user) is not None
        except InputError as err:
            messages.error(request, err.brief("; ", where=False))
        else:
            messages.success(request, _("保存しました（%(n)d件）。") % {"n": saved})
        return redirect(f"{request.path}?year={year}")
    current = papers.measure_reviews(plan, year)
    policies = plan.policies.prefetch_related("measures")
    titled = {m.code: m for p in policies for m in p.measures.all()}
    return render(
        request,
        "cycle/workspace/reviews.html",
        {
            "year": year,
            "years": range(plan.period_start, plan.period_end + 1),  # shown in 和暦
            # The measure itself: the page names it in its language (``|text:"title"``).
            "measures": [(code, titled[code], current.get(code)) for code, _title in measures],
            "overview": papers.overview(plan, year),
        },
    )
