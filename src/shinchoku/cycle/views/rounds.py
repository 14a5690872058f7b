"""The yearly round in the workspace: the list of items and opening a round (an item's own
page is cycle_item)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ...accounts.permissions import NotAllowed, allowed, restrict
from ...ingest.errors import InputError
from ...observations.pages import workspace_year
from ...plan.selection import plan_for
from .. import services as cycle
from ..forms import OpenRoundForm


@login_required
@require_GET
def items(request: HttpRequest) -> HttpResponse:
    """The round's requests: an owner sees only theirs; the secretariat and council see all."""
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    plan = plan_for(request)
    round_ = cycle.current_round(plan, workspace_year(plan, request.GET.get("year")))
    rows = []
    if round_:
        mine = restrict(request.user, round_.requests.all(), "shinchoku.submit")
        shown = (
            mine
            if allowed(request.user, "shinchoku.submit")
            and not allowed(request.user, "shinchoku.approve_request")
            else round_.requests.all()
        )
        ids = set(shown.values_list("pk", flat=True))
        rows = [r for r in cycle.status(round_, datetime.date.today()) if r.request.pk in ids]
    today = datetime.date.today()
    return render(
        request,
        "cycle/workspace/cycle.html",
        {
            "round": round_,
            "rows": rows,
            "rounds": plan.rounds.all(),
            "open_form": OpenRoundForm(
                initial={"year": today.year - (1 if today.month >= 4 else 2)}
            ),
        },
    )


@login_required
@require_POST
def open_round(request: HttpRequest) -> HttpResponse:
    """Open a round (secretariat)."""
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        try:
            cycle.open_round(
                plan_for(request), form.cleaned_data["year"], form.cleaned_data["due"], request.user
            )
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        except InputError as err:
            messages.error(request, err.brief("; ", where=False))
        else:
            messages.success(request, _("回を開き、各担当に依頼しました。"))
            return redirect(f"/workspace/cycle/?year={form.cleaned_data['year']}")
    return redirect("web:ws-cycle")
