"""The yearly round in the workspace: my items, the 事業評価シート, review."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...accounts.permissions import NotAllowed, allowed, restrict
from ...cycle import services as cycle
from ...cycle.models import Request
from ...ingest.errors import InputError
from ...plan.services import current_plan
from ..forms import OpenRoundForm, ReturnForm, SheetForm
from ..pages import site_view, workspace_year


@login_required
@require_GET
def items(request: HttpRequest) -> HttpResponse:
    """The round's requests: an owner sees only theirs; the secretariat and council see all."""
    if not allowed(request.user, "view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    plan = current_plan()
    round_ = cycle.current_round(plan, workspace_year(plan, request.GET.get("year")))
    rows = []
    if round_:
        mine = restrict(request.user, round_.requests.all(), "submit")
        shown = (
            mine
            if allowed(request.user, "submit") and not allowed(request.user, "review")
            else round_.requests.all()
        )
        ids = set(shown.values_list("pk", flat=True))
        rows = [r for r in cycle.status(round_, datetime.date.today()) if r.request.pk in ids]
    today = datetime.date.today()
    return render(
        request,
        "web/workspace/cycle.html",
        {
            "round": round_,
            "rows": rows,
            "rounds": plan.rounds.all(),
            "can_open": allowed(request.user, "open_round"),
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
                current_plan(), form.cleaned_data["year"], form.cleaned_data["due"], request.user
            )
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        except InputError as err:
            messages.error(request, "; ".join(p.message for p in err.problems))
        else:
            messages.success(request, _("回を開き、各担当に依頼しました。"))
            return redirect(f"/workspace/cycle/?year={form.cleaned_data['year']}")
    return redirect("web:ws-cycle")


def _sheet_initial(req: Request) -> dict[str, object]:
    """This year's latest sheet, or last year's text to start from (nobody retypes it)."""
    current = cycle.latest_evaluation(req.project, req.round.year)
    source = current or cycle.latest_evaluation(req.project, req.round.year - 1)
    if source is None:
        return {"purpose": req.project.summary}
    fields = [
        "purpose",
        "activities",
        "budget",
        "settled",
        "rating",
        "reason",
        "issues",
        "direction",
    ]
    initial = {f: getattr(source, f) for f in fields}
    if current is None:  # last year's judgement is not this year's
        initial.update(rating="", reason="", settled=None)
    return initial


def _same(text: str, stored: Decimal | None) -> bool:
    """Whether the typed figure is the stored one (so re-saving adds no revision)."""
    try:
        return stored is not None and Decimal(text.replace(",", "")) == stored
    except InvalidOperation:
        return False


def _save_outputs(request: HttpRequest, req: Request) -> None:
    """Store every target or actual the owner changed on the sheet's output table."""
    changed = 0
    with transaction.atomic():  # one bad figure stores none of them
        for row in cycle.output_table(req.project, req.round.year):
            for kind in ("target", "actual"):
                text = request.POST.get(f"{kind}-{row['output'].pk}", "").strip()
                if text and not _same(text, row[kind]):
                    cycle.record_output(row["output"], req.round.year, kind, text, request.user)
                    changed += 1
    messages.success(request, _("活動指標を保存しました（%(n)d件）。") % {"n": changed})


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: its sheet or value, its history, and the moves the user may make."""
    req = get_object_or_404(
        Request.objects.select_related("round", "project", "indicator", "owner"), pk=pk
    )
    if not allowed(request.user, "view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    form = SheetForm(request.POST or None, initial=_sheet_initial(req) if req.project else None)
    return_form = ReturnForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "save" and req.project:
                if form.is_valid():
                    cycle.save_evaluation(
                        req.project, req.round.year, form.cleaned_data, request.user
                    )
                    messages.success(request, _("事業評価シートを保存しました。"))
                    return redirect("web:ws-cycle-item", pk=pk)
            elif action == "outputs" and req.project:
                _save_outputs(request, req)
                return redirect("web:ws-cycle-item", pk=pk)
            elif action == "define_output" and req.project:
                cycle.define_output(
                    req.project,
                    request.POST.get("name", ""),
                    request.POST.get("unit", ""),
                    request.POST.get("definition", ""),
                    request.user,
                )
                messages.success(request, _("活動指標を追加しました。"))
                return redirect("web:ws-cycle-item", pk=pk)
            elif action in ("submit", "approve", "return"):
                cycle.move(req, action, request.user, request.POST.get("reason", ""))
                messages.success(request, _("状態を変更しました。"))
                return redirect("web:ws-cycle-item", pk=pk)
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        except InputError as err:
            for p in err.problems:
                target = form if p.where in form.fields else None
                if target:
                    target.add_error(p.where, p.message)
                else:
                    messages.error(request, p.message)
    req.refresh_from_db()
    user, is_open = request.user, req.state in cycle.OPEN
    view = None
    if req.indicator:
        view = site_view(current_plan(), public=False, year=req.round.year).indicator(
            req.indicator.code
        )
    return render(
        request,
        "web/workspace/cycle_item.html",
        {
            "req": req,
            "label": cycle.label(req),
            "state": cycle.state_label(req),
            "form": form,
            "return_form": return_form,
            "view": view,
            "history": req.transitions.all(),
            "outputs": cycle.output_table(req.project, req.round.year) if req.project else [],
            "can_define": allowed(user, "open_round"),
            "sheets": req.project.evaluations.filter(year=req.round.year) if req.project else [],
            "can_edit": bool(req.project)
            and is_open
            and allowed(user, "self_evaluate", req.project),
            "can_submit": is_open and allowed(user, "submit", req),
            "can_review": req.state == "submitted" and allowed(user, "review"),
            "can_reopen": req.state == "approved" and allowed(user, "review"),
            "can_add_value": bool(req.indicator) and allowed(user, "add_value", req.indicator),
        },
    )
