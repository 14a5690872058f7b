"""Reminders in the workspace: see who would get which items, then send (secretariat)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...accounts.permissions import NotAllowed, allowed
from ...observations.pages import workspace_year, year_label
from ...plan.selection import plan_for
from .. import services as cycle


@login_required
@require_http_methods(["GET", "POST"])
def remind(request: HttpRequest) -> HttpResponse:
    """GET: the preview (each recipient and their open items); POST: send them."""
    if not allowed(request.user, "shinchoku.send_reminders"):
        raise PermissionDenied(_("督促を送れるのは事務局だけです"))
    plan = plan_for(request)
    year = workspace_year(plan, request.POST.get("year") or request.GET.get("year"))
    round_ = cycle.current_round(plan, year)
    found = cycle.reminders(round_) if round_ else []
    if request.method == "POST" and round_ is not None and found:
        try:
            sent = cycle.send_reminders(round_, settings.SITE_URL, actor=request.user)
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        done = _("%(n)d人に督促を送りました。")
        messages.success(request, done % {"n": len(sent)})
        return redirect(f"{reverse('web:workspace')}?year={year}")
    reached = {r.pk for rem in found for r in rem.items}
    unreached = []
    if round_ is not None:
        open_items = round_.requests.filter(state__in=cycle.OPEN).select_related(
            "indicator", "project", "owner"
        )
        unreached = [(cycle.label(r), r.owner.name) for r in open_items if r.pk not in reached]
    return render(
        request,
        "cycle/workspace/remind.html",
        {
            "round": round_,
            "year": year,
            "year_label": year_label(year),
            "reminders": [
                {"rem": rem, "items": [(cycle.label(r), cycle.state_label(r)) for r in rem.items]}
                for rem in found
            ],
            "unreached": unreached,
        },
    )
