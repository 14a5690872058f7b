"""The plan's versions: what changed between each and the one before in force (public), and
the secretariat's forms to record a revision and to withdraw one recorded by mistake."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from ...accounts.permissions import NotAllowed, allowed
from ...ingest.errors import SHOWN_PROBLEMS, InputError
from ...pagecache import cached_page
from ...uploads import problems as problem_lists
from ...uploads.handlers import refusal
from ..revisions import differences, in_force, revise, withdraw
from ..selection import plan_for


@require_safe
@cached_page
def versions(request: HttpRequest) -> HttpResponse:
    """Every version of the plan, newest first, with what it changed; a withdrawn one says so
    and why, and is compared with (and followed by) the version in force before it."""
    plan = plan_for(request)
    return render(request, "plan/versions.html", {"plan": plan, "history": _history(plan)})


def _history(plan) -> list[dict]:
    """Each version, newest first, with its changes from the version in force before it."""
    history, before = [], None
    for v in plan.versions.select_related("withdrawal").order_by("number"):
        w = getattr(v, "withdrawal", None)
        history.append(
            {"version": v, "withdrawal": w, "changes": differences(before, v) if before else []}
        )
        before = before if w else v
    return list(reversed(history))


@login_required
@require_POST
def revise_plan(request: HttpRequest) -> HttpResponse:
    """Record a revision from an uploaded plan file (secretariat)."""
    upload = request.FILES.get("file")
    if too_large := refusal(upload):
        messages.error(request, too_large)
        return redirect("web:ws-plan")
    try:
        text = upload.read().decode("utf-8-sig") if upload else ""
        year = int(request.POST.get("valid_from") or 0)
        revise(
            plan_for(request),
            text,
            year,
            request.POST.get("reason", ""),
            request.POST.get("meeting", ""),
            request.user,
            source=upload.name if upload else "plan.yaml",
        )
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:
        # The first problems in the message; when some are left out, every one in a CSV
        # (uploads.problems) linked from the plan page it returns to.
        messages.error(request, err.render(shown=SHOWN_PROBLEMS))
        if len(err.problems) > SHOWN_PROBLEMS:
            name = upload.name if upload else "plan.yaml"
            if kept := problem_lists.keep_apart(err, request.user.pk, name):
                request.session["plan_problems"] = kept.token
        return redirect("web:ws-plan")
    except (UnicodeDecodeError, ValueError) as err:
        messages.error(request, str(err))
        return redirect("web:ws-plan")
    messages.success(request, _("計画の新しい版を記録しました。"))
    return redirect("web:plan-versions")


@login_required
@require_GET
def plan_page(request: HttpRequest) -> HttpResponse:
    """The workspace page to revise the plan (secretariat)."""
    if not allowed(request.user, "shinchoku.revise_plan"):
        raise PermissionDenied(_("計画を改定できるのは事務局だけです"))
    plan = plan_for(request)
    return render(
        request,
        "plan/workspace/plan.html",
        {
            "plan": plan,
            "meetings": plan.meetings.all(),
            "versions": plan.versions.all(),
            "in_force": in_force(plan).order_by("-number").first(),
            "history": _history(plan),
            # a refused revision's list of every problem, linked once beside its message
            "problem_list": problem_lists.find(request.session.pop("plan_problems", None)),
        },
    )


@login_required
@require_POST
def withdraw_version(request: HttpRequest, number: int) -> HttpResponse:
    """Withdraw a version recorded by mistake, with the reason (secretariat)."""
    try:
        withdraw(plan_for(request), number, request.POST.get("reason", ""), request.user)
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:
        messages.error(request, err.brief())
        return redirect("web:ws-plan")
    messages.success(
        request, _("版を取り下げました。前の版が適用されます。取り下げた版は履歴に残ります。")
    )
    return redirect("web:ws-plan")
