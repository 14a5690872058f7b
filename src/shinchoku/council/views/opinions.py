"""The council in the workspace: opinions on plan items, the city's responses, meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...accounts.permissions import NotAllowed, allowed
from ...core.messages import local
from ...ingest.errors import InputError
from ...observations.pages import plan_year
from ...observations.years import staff_default_year
from ...plan.models import Plan
from ...plan.selection import plan_for
from .. import services as council
from ..forms import MeetingForm, OpinionForm, ResponseForm
from ..models import Meeting, Opinion


def item_choices(plan: Plan) -> list[tuple[str, str]]:
    """Every plan item an opinion can be about, as ``kind:code`` choices. The labels name
    an opinion's item on its card too, so they carry no indentation (the form's list has it)."""
    # Names in the page's language where the plan has them (the widget marks the rest).
    choices = [("plan:", str(_("計画全体")))]
    for p in plan.policies.prefetch_related("measures"):
        choices.append((f"policy:{p.code}", f"{_('基本方針')}{p.code} {local(p, 'title')}"))
        choices += [
            (f"measure:{m.code}", f"{m.code} {local(m, 'title')}") for m in p.measures.all()
        ]
    choices += [
        (f"project:{p.number}", f"{_('重点推進事業')}{p.number} {local(p, 'title')}")
        for p in plan.projects.all()
    ]
    choices += [
        (f"indicator:{i.code}", f"{_('評価指標')} {local(i, 'name')}")
        for i in plan.indicators.all()
    ]
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def opinions(request: HttpRequest) -> HttpResponse:
    """All opinions and responses (staff and council); the form to write one."""
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    plan = plan_for(request)
    items = item_choices(plan)
    form = OpinionForm(request.POST or None, items=items)
    # Opinions are on evaluated years: the newest year with data, at the earliest the first.
    year = plan_year(plan, request.GET.get("year")) or max(
        staff_default_year(plan), plan.period_start
    )
    if request.method == "POST" and form.is_valid():
        kind, _sep, code = form.cleaned_data["item"].partition(":")
        try:
            council.add_opinion(
                plan,
                year,
                kind,
                code,
                form.cleaned_data["text"],
                request.user,
                form.cleaned_data["kind"],
            )
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        except InputError as err:
            listed, more = err.shown()
            for text in [*(p.message for p in listed), *([more] if more else [])]:
                form.add_error(None, text)
        else:
            messages.success(request, _("意見を登録しました。"))
            return redirect(f"{request.path}?year={year}")
    labels = dict(items)
    return render(
        request,
        "council/workspace/council.html",
        {
            "year": year,
            "years": range(plan.period_start, plan.period_end + 1),  # shown in 和暦
            "exchanges": [
                e for e in council.exchanges(plan, public=False) if e.opinion.year == year
            ],
            "labels": labels,
            "form": form,
            "can_opine": allowed(request.user, "shinchoku.opine"),
            "can_respond": allowed(request.user, "shinchoku.respond"),
            "response_form": ResponseForm(),
            "meetings": plan.meetings.all(),
            "meeting_form": MeetingForm(),
        },
    )


@login_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the city's response to an opinion (secretariat)."""
    opinion = get_object_or_404(Opinion, pk=pk, plan=plan_for(request))
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("対応方針と対応状況を入力してください。"))
    else:
        try:
            council.respond(
                opinion,
                form.cleaned_data["text"],
                form.cleaned_data["follow_up"],
                request.user,
                form.cleaned_data["reason"],
            )
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        except InputError as err:
            messages.error(request, err.brief("; ", where=False))
        else:
            messages.success(request, _("対応方針を保存しました。"))
    return redirect(f"/workspace/council/?year={opinion.year}")


@login_required
@require_POST
def add_meeting(request: HttpRequest) -> HttpResponse:
    """Record a meeting with its minutes (secretariat)."""
    form = MeetingForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            council.add_meeting(plan_for(request), form.cleaned_data, request.user)
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        messages.success(request, _("会議を記録しました。"))
    elif "minutes" in form.errors:
        messages.error(request, " ".join(form.errors["minutes"]))
    else:
        messages.error(request, _("開催日と会議名を入力してください。"))
    return redirect("web:ws-council")


@login_required
@require_GET
def minutes(request: HttpRequest, pk: int) -> FileResponse:
    """The minutes file of a meeting (staff and council)."""
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    meeting = get_object_or_404(Meeting, pk=pk, plan=plan_for(request))
    if not meeting.minutes:
        raise Http404
    return FileResponse(
        meeting.minutes.open("rb"),
        as_attachment=True,
        filename=meeting.minutes.name.rsplit("/", 1)[-1],
    )
