"""One round item in the workspace: the owner's one form, the reviewer's numbers, the moves.

POST ``action`` is one of ``save`` (下書きを保存), ``submit`` (提出する), a reviewer's move of
the state table (``approve``, ``return``) or ``define_output`` (secretariat). Which moves
are offered is asked of the state machine (``cycle.items.actions``); the services decide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...accounts.permissions import NotAllowed, allowed
from ...core import model as core
from ...core.formatting import number, rounded, signed
from ...core.papers import line_at
from ...ingest.errors import InputError
from ...observations.checks import LargeChange
from ...observations.pages import IndicatorView, site_view
from ...plan.selection import plan_for
from .. import items, review
from .. import services as cycle
from ..forms import ItemSheetForm, ItemValueForm, ReturnForm
from ..models import SHEET_FIELDS, Request


def _request(request: HttpRequest, pk: int) -> Request:
    """The round item, for users who may see drafts."""
    req = get_object_or_404(
        Request.objects.select_related("round__plan", "project", "indicator", "owner"), pk=pk
    )
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    if req.round.plan_id != plan_for(request).pk:  # an item of another plan: its own URL
        raise Http404
    return req


def _form(req: Request, user: object, data: object = None) -> Form:
    """The item's one form: bound to what was posted, else to the user's draft, else the
    stored figures."""
    draft = items.draft_of(req, user)
    initial = draft.data if draft else items.starting_point(req)
    if req.indicator:
        return ItemValueForm(data, initial=initial)
    return ItemSheetForm(data, initial=initial, outputs=list(req.project.outputs.all()))


def _typed(request: HttpRequest, form: Form) -> dict[str, str]:
    """What the user typed into the form's fields (the draft to keep)."""
    return {n: request.POST.get(n, "") for n in form.fields if n != "confirm"}


def _show_problems(form: Form, err: InputError) -> None:
    """Each of the first problems at its field, the others and the count of the rest at the
    top of the form."""
    if isinstance(err, LargeChange) and isinstance(form, ItemValueForm):
        form.ask_confirmation(err.changes)
    listed, more = err.shown()
    for p in listed:
        form.add_error(p.where if p.where in form.fields else None, p.message)
    if more:
        form.add_error(None, more)


def _edit(request: HttpRequest, req: Request, action: str, form: Form) -> HttpResponse | None:
    """「下書きを保存」 or 「提出する」: the draft is kept first, so nothing typed is lost."""
    form.is_valid()  # lengths and choices; the item's rules are the services'
    try:
        items.save_draft(req, _typed(request, form), request.user, explicit=True)
    except InputError as err:  # submitted or approved meanwhile: say so, keep the text shown
        _show_problems(form, err)
        return None
    if action == "save":
        messages.success(request, _("下書きを保存しました。提出するときに全体を確かめます。"))
        return redirect("web:ws-cycle-item", pk=req.pk)
    if form.errors:
        return None
    try:
        items.submit(req, form.cleaned_data, request.user, bool(request.POST.get("confirm")))
    except InputError as err:
        _show_problems(form, err)
        return None
    messages.success(request, _("提出しました。"))
    return redirect("web:ws-cycle-item", pk=req.pk)


def _discard(request: HttpRequest, req: Request) -> HttpResponse:
    """「下書きを破棄」: back to what is stored."""
    items.discard_draft(req, request.user)
    messages.success(request, _("下書きを破棄しました。保存済みの内容を表示しています。"))
    return redirect("web:ws-cycle-item", pk=req.pk)


def _move(request: HttpRequest, req: Request, action: str, form: ReturnForm) -> HttpResponse | None:
    """A reviewer's move (approve, return); a return without reason shows at its field."""
    try:
        cycle.move(req, action, request.user, request.POST.get("return-reason", ""))
    except InputError as err:
        form.is_valid()
        listed, more = err.shown()
        for p in listed:
            form.add_error("reason" if p.where == "reason" else None, p.message)
        if more:
            form.add_error(None, more)
        return None
    done = {"approve": _("承認しました。"), "return": _("差し戻しました。")}
    messages.success(request, done[action])
    return redirect("web:ws-cycle-item", pk=req.pk)


def _define_output(request: HttpRequest, req: Request) -> HttpResponse:
    """The secretariat defines an output indicator of the project."""
    post = request.POST
    try:
        cycle.define_output(
            req.project, post.get("name", ""), post.get("unit", ""), "", request.user
        )
    except InputError as err:
        listed, more = err.shown()
        for text in [*(p.message for p in listed), *([more] if more else [])]:
            messages.error(request, text)
    else:
        messages.success(request, _("活動指標を追加しました。"))
    return redirect("web:ws-cycle-item", pk=req.pk)


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """One round item: the owner's form, the reviewer's numbers, the history."""
    req = _request(request, pk)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post is not None else ""
    form = _form(req, request.user, post if action in ("save", "submit") else None)
    return_form = ReturnForm(post if action == "return" else None, prefix="return")
    if post is not None:
        handlers: dict[str, Callable[[], HttpResponse | None]] = {
            "save": lambda: _edit(request, req, action, form),
            "submit": lambda: _edit(request, req, action, form),
            "discard": lambda: _discard(request, req),
            "approve": lambda: _move(request, req, action, return_form),
            "return": lambda: _move(request, req, action, return_form),
        }
        if action == "define_output" and req.project:
            handlers[action] = lambda: _define_output(request, req)
        if action not in handlers:
            return HttpResponseBadRequest(_("この操作はありません"))
        try:
            if response := handlers[action]():
                return response
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        req.refresh_from_db()
    return render(
        request, "cycle/workspace/cycle_item.html", _context(request, req, form, return_form)
    )


@login_required
@require_POST
def autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Keep what the owner has typed so far (called by cycle-item.js as they type)."""
    req = _request(request, pk)
    form = _form(req, request.user, request.POST)
    try:
        draft = items.save_draft(req, _typed(request, form), request.user, explicit=False)
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:
        return JsonResponse({"error": err.problems[0].message}, status=409)
    at = timezone.localtime(draft.saved_at)
    return JsonResponse({"saved_at": at.isoformat(), "time": at.strftime("%H:%M")})


@dataclass(frozen=True)
class ValueFacts:
    """The figure under review with what it is compared with."""

    latest: core.Observation
    places: int
    line: float | None  # the target line in the figure's year
    rating_text: str
    line_text: str
    previous_year: core.Observation | None
    previous_revision: core.Observation | None

    @property
    def year_change_text(self) -> str:
        """+120 against the previous year's figure (— without one)."""
        p = self.previous_year
        return _signed(self.latest.value - p.value, self.places) if p else "—"

    @property
    def year_ratio_text(self) -> str:
        """+1.3% against the previous year's figure ('' without one or from zero)."""
        p = self.previous_year
        if not p or not p.value:
            return ""
        ratio = float(self.latest.value / p.value) - 1
        return signed(ratio, 1, share=True)

    @property
    def revision_change_text(self) -> str:
        """+5 against the revision this figure replaced (— without one)."""
        p = self.previous_revision
        return _signed(self.latest.value - p.value, self.places) if p else "—"


def _signed(change: Decimal, places: int) -> str:
    """A change with its sign, rounded by the plan's rule: +120, −3.5, ±0."""
    if rounded(change, places).is_zero():
        return "±0"
    return ("+" if change > 0 else "−") + number(abs(change), places)


def value_facts(view: IndicatorView) -> ValueFacts | None:
    """The latest figure, its target line, and its change from last year and last revision."""
    latest = view.evaluation.latest
    if latest is None:
        return None
    same_year = [
        r.observation
        for r in view.revisions
        if r.observation.year == latest.year and r.observation.seq < latest.seq
    ]
    before = [r.observation for r in view.current if r.observation.year == latest.year - 1]
    verdict = view.verdict
    return ValueFacts(
        latest=latest,
        places=view.places,
        line=view.evaluation.expected,
        rating_text=verdict.rating_text,
        line_text=verdict.line_text,
        previous_year=before[0] if before else None,
        previous_revision=max(same_year, key=lambda o: o.seq) if same_year else None,
    )


def _layout(req: Request, form: Form, view: IndicatorView | None) -> dict[str, object]:
    """The form's fields grouped as the page shows them; the value field is described by
    the unit printed beside it (``value-unit``), so a screen reader says it too."""
    if req.indicator:
        if view and view.indicator.unit:
            form.fields["value"].widget.attrs["aria-describedby"] = "value-unit"
        names = [*items.VALUE_FIELDS, *(["confirm"] if getattr(form, "confirming", False) else [])]
        return {"value_fields": [form[n] for n in names]}
    outputs = req.project.outputs.all()
    return {
        "sheet_fields": [form[n] for n in SHEET_FIELDS],
        "output_fields": [(o, form[f"target-{o.pk}"], form[f"actual-{o.pk}"]) for o in outputs],
    }


def _summary(form: Form) -> list[tuple[str, str, str]]:
    """Every problem of the form as (anchor, field label, message), for the list at the top."""
    if not form.is_bound:
        return []
    found = []
    for name, errors in form.errors.items():
        field = form[name] if name in form.fields else None
        anchor = field.id_for_label if field else "item-form"
        found += [(anchor, str(field.label) if field else "", str(e)) for e in errors]
    return found


def _context(request: HttpRequest, req: Request, form: Form, return_form: Form) -> dict:
    """What the item page shows to this user."""
    user, year = request.user, req.round.year
    view = None
    if req.indicator:
        view = site_view(req.round.plan, public=False, year=year).indicator(req.indicator.code)
    moves = items.actions(req, user)
    returns = list(review.returns(req))
    draft = items.draft_of(req, user)
    return {
        **_layout(req, form, view),
        "summary": _summary(form),
        "req": req,
        "label": cycle.label(req),
        "state": cycle.state_label(req),
        "form": form,
        "return_form": return_form,
        "view": view,
        "facts": value_facts(view) if view else None,
        # The target line of the round's year, a reference while the owner types its value.
        "round_line": line_at(view.indicator, year) if view and view.indicator.targets else None,
        "history": [(t, items.action_label(t.action)) for t in req.transitions.all()],
        "returns": returns,
        "last_return": returns[-1] if req.returned and returns else None,
        "draft": draft,
        "draft_old": items.draft_predates_submission(req, draft),
        "outputs": review.output_rows(req.project, year) if req.project else [],
        "diff": review.sheet_diff(req.project, year) if req.project else [],
        "rediff": review.resubmission_diff(req.project, year) if req.project else [],
        "sheet": cycle.latest_evaluation(req.project, year) if req.project else None,
        "can_define": bool(req.project) and allowed(user, "shinchoku.define_output"),
        # A refused save shows the form again, so what was typed stays on screen.
        "can_edit": items.may_edit(req, user) or (form.is_bound and bool(form.errors)),
        "can_submit": "submit" in moves,
        "can_approve": "approve" in moves,
        "can_return": "return" in moves,
        "autosave_url": reverse("web:ws-cycle-autosave", args=[req.pk]),
    }
